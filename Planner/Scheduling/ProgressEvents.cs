using Builder.Planner.Model;

namespace Builder.Planner.Scheduling;

/// <summary>
/// A step event. <see cref="Index"/> is the step's 0-based position among the run's distinct
/// steps (the given order, with any input that was not given placed before its first reader), so
/// a printer can number steps <c>#Index+1</c>. Every started step gets exactly one
/// <see cref="StepStarted"/> and then exactly one of <see cref="StepCached"/>,
/// <see cref="StepCompleted"/>, <see cref="StepFailed"/> or <see cref="StepCanceled"/>.
/// Steps that never start get no event.
/// </summary>
public abstract record ProgressEvent(BuildStep Step, int Index);

/// <summary>The executor was called for the step.</summary>
public sealed record StepStarted(BuildStep Step, int Index) : ProgressEvent(Step, Index);

/// <summary>The executor returned a result marked <see cref="StepResult.Cached"/>.</summary>
public sealed record StepCached(BuildStep Step, int Index) : ProgressEvent(Step, Index);

/// <summary>The executor did the work and returned a result after <see cref="Duration"/>.</summary>
public sealed record StepCompleted(BuildStep Step, int Index, TimeSpan Duration) : ProgressEvent(Step, Index);

/// <summary>The executor threw <see cref="Error"/> (not a cancellation the scheduler asked for).</summary>
public sealed record StepFailed(BuildStep Step, int Index, Exception Error) : ProgressEvent(Step, Index);

/// <summary>The step stopped because the build was stopping (another step failed, or the caller cancelled).</summary>
public sealed record StepCanceled(BuildStep Step, int Index) : ProgressEvent(Step, Index);
