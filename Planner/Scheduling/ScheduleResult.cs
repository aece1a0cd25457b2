using Builder.Cache.Oci;
using Builder.Planner.Model;

namespace Builder.Planner.Scheduling;

/// <summary>
/// The outcome of a run. <see cref="Results"/> holds, by key, the result of every step whose
/// <see cref="IStepExecutor.ExecuteAsync"/> completed successfully, and nothing else (no entry for
/// a step that failed, was cancelled or never started). Steps with equal keys share one entry.
/// <see cref="Failure"/> is the first step failure, or null when every step completed.
/// </summary>
public sealed record ScheduleResult(IReadOnlyDictionary<Digest, StepResult> Results, StepFailure? Failure)
{
    public bool Succeeded => Failure is null;
}

/// <summary>The step whose failure stopped the build, and what it threw.</summary>
public sealed record StepFailure(BuildStep Step, Exception Error);
