using System.Globalization;

namespace Builder.Executor.Progress;

/// <summary>
/// BuildKit's plain progress: <c>#N name</c>, log lines <c>#N text</c>, then <c>#N DONE 0.1s</c>,
/// <c>#N CACHED</c>, <c>#N ERROR: msg</c> or <c>#N CANCELED</c>. A step is written as one block
/// when it ends.
/// </summary>
public sealed class PlainProgress(TextWriter? writer) : BuildProgress
{
    private readonly Lock _gate = new();

    public override void VertexStarted(VertexInfo vertex, bool isStep)
    {
        if (!isStep)
        {
            Write(vertex.Number, vertex.Name);
        }
    }

    public override void VertexLog(VertexInfo vertex, string line) => Write(vertex.Number, line);

    public override void VertexEnded(VertexInfo vertex, VertexResult result, IReadOnlyList<string> lines, bool isStep)
    {
        lock (_gate)
        {
            if (isStep)
            {
                Write(vertex.Number, vertex.Name);
            }

            foreach (var line in lines)
            {
                Write(vertex.Number, line);
            }

            Write(vertex.Number, Status(result));
        }
    }

    public static string Status(VertexResult result) => result.Outcome switch
    {
        VertexOutcome.Cached => "CACHED",
        VertexOutcome.Error => "ERROR: " + result.Error,
        VertexOutcome.Canceled => "CANCELED",
        _ => "DONE " + result.Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s",
    };

    private void Write(int number, string text)
    {
        lock (_gate)
        {
            writer?.WriteLine($"#{number} {text}");
        }
    }
}
