using System.Collections.Concurrent;
using System.Collections.Immutable;
using Builder.Planner.Model;
using Builder.Planner.Scheduling;

namespace Builder.Executor.Progress;

/// <summary>
/// The scheduler's step events as vertices of a <see cref="BuildProgress"/>. Vertex numbers are
/// fixed before the run (the plan order of the named steps); a step's output and explanation lines
/// travel with its end, so a block display never interleaves concurrent steps and a step's block
/// does not depend on timing. Steps without a name (scratch, config) show nothing.
/// </summary>
internal sealed class SchedulerProgress(BuildProgress progress, IReadOnlyDictionary<BuildStep, (int Number, string Name)> vertices, IProgressSink? observer = null) : IProgressSink
{
    private readonly ConcurrentDictionary<BuildStep, DateTimeOffset> _started = new(ReferenceEqualityComparer.Instance);

    /// <summary><c>--explain</c>: lines shown as <c>explain: …</c> with a step that ran.</summary>
    public IReadOnlyDictionary<BuildStep, ImmutableArray<string>>? Explanations { get; init; }

    /// <summary>Output of the steps (RUN), shown with their end before the status.</summary>
    public StepLogs? Logs { get; init; }

    public void Report(ProgressEvent e)
    {
        observer?.Report(e);
        if (!vertices.TryGetValue(e.Step, out var vertex))
        {
            return;
        }

        var now = DateTimeOffset.UtcNow;
        var started = _started.GetOrAdd(e.Step, now);
        var info = new VertexInfo(vertex.Number, vertex.Name, e.Step.Key.ToString(), started);
        VertexResult? result = e switch
        {
            StepCached => new VertexResult(VertexOutcome.Cached, now, TimeSpan.Zero, null),
            StepCompleted done => new VertexResult(VertexOutcome.Done, now, done.Duration, null),
            StepFailed failed => new VertexResult(VertexOutcome.Error, now, now - started, failed.Error.Message),
            StepCanceled => new VertexResult(VertexOutcome.Canceled, now, now - started, null),
            _ => null,
        };
        if (result is null)
        {
            progress.VertexStarted(info, isStep: true);
            return;
        }

        var lines = new List<string>();
        if (e is StepCompleted or StepFailed && Explanations?.GetValueOrDefault(e.Step) is { IsDefault: false } why)
        {
            lines.AddRange(why.Select(l => "explain: " + l));
        }

        lines.AddRange(Logs?.Of(e.Step) ?? []);
        progress.VertexEnded(info, result, lines, isStep: true);
    }
}
