using Builder.Cache.Oci;
using Builder.Planner.Model;

namespace Builder.Planner.Scheduling;

/// <summary>
/// Runs one build step. The Planner defines it, the Executor implements it, and only
/// <see cref="BuildScheduler"/> calls it.
/// </summary>
/// <remarks>
/// The contract:
/// <list type="bullet">
/// <item>An executor commits (cache index entry, snapshot, layer) only when its own
/// <see cref="ExecuteAsync"/> completes successfully. The scheduler never calls anything after a
/// failure or a cancellation, so there is no "commit" or "rollback" call: work abandoned by a
/// throwing or cancelled call must leave the stores as they were.</item>
/// <item><paramref name="ct"/> fires when the build stops (another step failed, or the caller
/// cancelled). Stop promptly and throw <see cref="OperationCanceledException"/>; the scheduler
/// reports that as a cancellation, not as a failure.</item>
/// <item>Calls for different steps may run concurrently (up to
/// <see cref="SchedulerOptions.MaxConcurrency"/>); a step's inputs are always complete before it
/// is called, and a key is executed at most once per run.</item>
/// </list>
/// </remarks>
public interface IStepExecutor
{
    /// <summary>
    /// Executes <paramref name="step"/> (or finds it in the cache). <paramref name="inputs"/> holds
    /// the result of every step in <see cref="BuildStep.Inputs"/>, by key.
    /// </summary>
    Task<StepResult> ExecuteAsync(BuildStep step, IReadOnlyDictionary<Digest, StepResult> inputs, CancellationToken ct);
}
