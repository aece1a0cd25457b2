namespace Builder.Planner.Scheduling;

/// <summary>
/// Receives <see cref="ProgressEvent"/>s. The scheduler reports from one logical flow at a time
/// (never two calls at once) but possibly from different threads, so a sink that also reads its
/// state elsewhere must be thread-safe. Events of one step arrive in order. A sink must not throw
/// and should return quickly: it is called on the scheduler's path.
/// </summary>
public interface IProgressSink
{
    void Report(ProgressEvent progress);
}
