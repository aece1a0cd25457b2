namespace Builder.Planner.Scheduling;

/// <summary>
/// <see cref="MaxConcurrency"/> is <c>--jobs</c>: at most this many steps execute at once (at least 1).
/// <see cref="Progress"/> receives the step events, if given.
/// </summary>
public sealed record SchedulerOptions
{
    public int MaxConcurrency { get; init; } = Environment.ProcessorCount;

    public IProgressSink? Progress { get; init; }
}
