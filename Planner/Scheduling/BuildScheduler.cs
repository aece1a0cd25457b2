using Builder.Planner.Model;

namespace Builder.Planner.Scheduling;

/// <summary>
/// Runs a build graph through an <see cref="IStepExecutor"/>: the only place in Builder that
/// starts tasks.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>A step starts once all its <see cref="BuildStep.Inputs"/> completed; ready steps start
/// in graph order, at most <see cref="SchedulerOptions.MaxConcurrency"/> at once. Inputs missing
/// from <c>steps</c> are added.</item>
/// <item>Steps with equal keys run once and share the result.</item>
/// <item>On the first failure, or when <c>ct</c> fires, the scheduler cancels the token given to
/// the running steps, starts nothing more and waits for the running steps to return. The first
/// failure wins; an <see cref="OperationCanceledException"/> thrown after that cancellation is a
/// <see cref="StepCanceled"/>, not a failure; another exception thrown by a step after the stop is
/// reported as its <see cref="StepFailed"/> but never replaces the first failure.</item>
/// <item>Result: a step failure returns a <see cref="ScheduleResult"/> with
/// <see cref="ScheduleResult.Failure"/> set; a cancellation by <c>ct</c> (before any failure)
/// throws <see cref="OperationCanceledException"/>. Either way, only steps that completed have
/// results (see <see cref="IStepExecutor"/> for the commit contract).</item>
/// </list>
/// </remarks>
public static class BuildScheduler
{
    public static Task<ScheduleResult> RunAsync(
        IEnumerable<BuildStep> steps,
        IStepExecutor executor,
        SchedulerOptions? options = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(executor);
        options ??= new SchedulerOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConcurrency, 1, nameof(options));
        var graph = StepGraph.Build(steps);
        return new SchedulerRun(graph, executor, options).RunAsync(ct);
    }
}
