using System.Security.Cryptography;
using System.Text;

namespace Builder.Executor.Progress;

/// <summary>How a vertex (a step or an internal job such as "exporting to image") ended.</summary>
public enum VertexOutcome
{
    Done,
    Cached,
    Error,
    Canceled,
}

/// <summary>A vertex: its number (<c>#N</c>), name, digest (a step's cache key, else a digest of the name) and start time.</summary>
public sealed record VertexInfo(int Number, string Name, string Digest, DateTimeOffset Started);

/// <summary>The end of a vertex.</summary>
public sealed record VertexResult(VertexOutcome Outcome, DateTimeOffset Completed, TimeSpan Duration, string? Error);

/// <summary>
/// A build's progress display (BuildKit's <c>--progress</c>): <see cref="PlainProgress"/>,
/// <see cref="RawJsonProgress"/>, or a host's live display. Vertex numbers are handed out in plan
/// order. A step (<c>isStep</c>) reports its output lines with its end, so a display that prints
/// blocks never interleaves concurrent steps; an internal vertex logs as it goes. Calls may come
/// from several threads.
/// </summary>
public abstract class BuildProgress : IDisposable
{
    private int _next;

    public int Reserve() => Interlocked.Increment(ref _next);

    /// <summary>Starts an internal vertex (load the Dockerfile, export).</summary>
    public Vertex Start(string name)
    {
        var vertex = new Vertex(this, new VertexInfo(Reserve(), name, DigestOf(name), DateTimeOffset.UtcNow));
        VertexStarted(vertex.Info, isStep: false);
        return vertex;
    }

    /// <summary>A digest for a vertex that has no key: sha256 of its name.</summary>
    public static string DigestOf(string name) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)));

    public abstract void VertexStarted(VertexInfo vertex, bool isStep);

    public abstract void VertexLog(VertexInfo vertex, string line);

    public abstract void VertexEnded(VertexInfo vertex, VertexResult result, IReadOnlyList<string> lines, bool isStep);

    public virtual void Dispose() => GC.SuppressFinalize(this);

    /// <summary>An internal vertex in progress.</summary>
    public sealed class Vertex(BuildProgress owner, VertexInfo info)
    {
        public VertexInfo Info { get; } = info;

        public int Number => Info.Number;

        public void Log(string text) => owner.VertexLog(Info, text);

        public void Done()
        {
            var now = DateTimeOffset.UtcNow;
            owner.VertexEnded(Info, new VertexResult(VertexOutcome.Done, now, now - Info.Started, null), [], isStep: false);
        }
    }
}
