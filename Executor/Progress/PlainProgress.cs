using System.Diagnostics;
using System.Globalization;

namespace Builder.Executor.Progress;

/// <summary>BuildKit's plain progress: <c>#N name</c>, then <c>#N DONE 0.1s</c> or <c>#N CACHED</c>, <c>#N ERROR msg</c>.</summary>
public sealed class PlainProgress(TextWriter? writer)
{
    private readonly TextWriter? _writer = writer;
    private int _next;

    /// <summary>Takes the next vertex number without printing (for a step printed later with <see cref="WriteBlock"/>).</summary>
    public int Reserve() => ++_next;

    /// <summary>Writes a finished vertex at once: <c>#N name</c>, its log lines, then <c>#N status</c>.</summary>
    public void WriteBlock(int number, string name, IEnumerable<string> lines, string status)
    {
        _writer?.WriteLine($"#{number} {name}");
        foreach (var line in lines)
        {
            _writer?.WriteLine($"#{number} {line}");
        }

        _writer?.WriteLine($"#{number} {status}");
    }

    public Vertex Start(string name)
    {
        var vertex = new Vertex(this, ++_next);
        _writer?.WriteLine($"#{vertex.Number} {name}");
        return vertex;
    }

    public sealed class Vertex(PlainProgress owner, int number)
    {
        private readonly Stopwatch _watch = Stopwatch.StartNew();

        public int Number { get; } = number;

        public void Log(string text) => owner._writer?.WriteLine($"#{Number} {text}");

        public void Done() => Log("DONE " + _watch.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s");

        public void Cached() => Log("CACHED");

        public void Error(string message) => Log("ERROR: " + message);
    }
}
