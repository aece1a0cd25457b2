using System.Collections.Concurrent;
using Builder.Planner.Model;

namespace Builder.Executor.Progress;

/// <summary>
/// The output lines of running steps (a RUN's stdout and stderr), collected per step while it
/// runs and printed in its progress block when it ends, so concurrent steps never interleave.
/// </summary>
internal sealed class StepLogs
{
    private readonly ConcurrentDictionary<BuildStep, ConcurrentQueue<string>> _lines = new(ReferenceEqualityComparer.Instance);

    public Action<string> For(BuildStep step)
    {
        var queue = _lines.GetOrAdd(step, _ => new ConcurrentQueue<string>());
        return queue.Enqueue;
    }

    public IReadOnlyList<string> Of(BuildStep step) => _lines.TryGetValue(step, out var queue) ? [.. queue] : [];
}
