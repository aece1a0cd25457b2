using System.Collections.Immutable;
using System.Globalization;
using Builder.Planner.Model;
using Builder.Planner.Scheduling;

namespace Builder.Executor.Progress;

/// <summary>
/// Prints the scheduler's step events in BuildKit's plain format. Vertex numbers are fixed before
/// the run (the plan order of the named steps), and each step's lines are written together when it
/// ends (<c>#N name</c> then <c>#N CACHED</c>, <c>#N DONE 0.1s</c>, <c>#N ERROR: …</c> or
/// <c>#N CANCELED</c>), so concurrent steps never interleave and a step's block does not depend on
/// timing. Steps without a name (scratch, config) print nothing.
/// </summary>
internal sealed class SchedulerProgress(PlainProgress plain, IReadOnlyDictionary<BuildStep, (int Number, string Name)> vertices, IProgressSink? observer = null) : IProgressSink
{
    private readonly object _gate = new();

    /// <summary><c>--explain</c>: lines printed as <c>#N explain: …</c> in the block of a step that ran.</summary>
    public IReadOnlyDictionary<BuildStep, ImmutableArray<string>>? Explanations { get; init; }

    /// <summary>Output of the steps (RUN), printed in their blocks before the status line.</summary>
    public StepLogs? Logs { get; init; }

    public void Report(ProgressEvent progress)
    {
        observer?.Report(progress);
        if (!vertices.TryGetValue(progress.Step, out var vertex))
        {
            return;
        }

        string? status = progress switch
        {
            StepCached => "CACHED",
            StepCompleted done => "DONE " + done.Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s",
            StepFailed failed => "ERROR: " + failed.Error.Message,
            StepCanceled => "CANCELED",
            _ => null,
        };
        if (status is null)
        {
            return;
        }

        var why = progress is StepCompleted or StepFailed && Explanations?.GetValueOrDefault(progress.Step) is { IsDefault: false } lines
            ? lines.Select(l => "explain: " + l)
            : [];
        if (Logs is not null)
        {
            why = why.Concat(Logs.Of(progress.Step));
        }

        lock (_gate)
        {
            plain.WriteBlock(vertex.Number, vertex.Name, why, status);
        }
    }
}
