namespace Builder.Planner.Scheduling;

/// <summary>
/// <see cref="MaxConcurrency"/> is <c>--jobs</c>: at most this many steps execute at once (at least 1).
/// <see cref="Progress"/> receives the step events, if given.
/// </summary>
public sealed record SchedulerOptions
{
    public int MaxConcurrency { get; init; } = DefaultMaxConcurrency;

    /// <summary>
    /// Four steps per processor, at least 8: many steps wait rather than compute (a <c>sleep</c>, a
    /// download, a child process), and with one slot per core two waiting stages hold back a third
    /// that could run (BuildKit sets no limit at all).
    /// </summary>
    public static int DefaultMaxConcurrency { get; } = Math.Max(8, 4 * Environment.ProcessorCount);

    public IProgressSink? Progress { get; init; }
}
