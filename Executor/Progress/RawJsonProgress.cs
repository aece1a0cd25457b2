using System.Text;
using System.Text.Json;

namespace Builder.Executor.Progress;

/// <summary>
/// <c>--progress=rawjson</c>: one JSON object a line in the shape of BuildKit's <c>SolveStatus</c>
/// (<c>vertexes</c> with <c>digest</c>, <c>name</c>, <c>started</c>, <c>completed</c>,
/// <c>cached</c>, <c>error</c>; <c>logs</c> with <c>vertex</c>, <c>stream</c>, base64 <c>data</c>,
/// <c>timestamp</c>), for tools that follow a build. A step's digest is its cache key.
/// </summary>
public sealed class RawJsonProgress(TextWriter writer) : BuildProgress
{
    private readonly Lock _gate = new();

    public override void VertexStarted(VertexInfo vertex, bool isStep) =>
        Emit(json => Vertexes(json, vertex, null));

    public override void VertexLog(VertexInfo vertex, string line) =>
        Emit(json => Logs(json, vertex, [line], DateTimeOffset.UtcNow));

    public override void VertexEnded(VertexInfo vertex, VertexResult result, IReadOnlyList<string> lines, bool isStep)
    {
        if (lines.Count > 0)
        {
            Emit(json => Logs(json, vertex, lines, result.Completed));
        }

        Emit(json => Vertexes(json, vertex, result));
    }

    private static void Vertexes(Utf8JsonWriter json, VertexInfo vertex, VertexResult? result)
    {
        json.WriteStartArray("vertexes");
        json.WriteStartObject();
        json.WriteString("digest", vertex.Digest);
        json.WriteString("name", vertex.Name);
        json.WriteString("started", vertex.Started.UtcDateTime);
        if (result is not null)
        {
            json.WriteString("completed", result.Completed.UtcDateTime);
            if (result.Outcome == VertexOutcome.Cached)
            {
                json.WriteBoolean("cached", true);
            }

            if (result.Outcome is VertexOutcome.Error or VertexOutcome.Canceled)
            {
                json.WriteString("error", result.Error ?? "canceled");
            }
        }

        json.WriteEndObject();
        json.WriteEndArray();
    }

    private static void Logs(Utf8JsonWriter json, VertexInfo vertex, IEnumerable<string> lines, DateTimeOffset time)
    {
        json.WriteStartArray("logs");
        foreach (var line in lines)
        {
            json.WriteStartObject();
            json.WriteString("vertex", vertex.Digest);
            json.WriteNumber("stream", 1);
            json.WriteBase64String("data", Encoding.UTF8.GetBytes(line + "\n"));
            json.WriteString("timestamp", time.UtcDateTime);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private void Emit(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            body(json);
            json.WriteEndObject();
        }

        lock (_gate)
        {
            writer.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
        }
    }
}
