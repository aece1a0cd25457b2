using System.Globalization;
using Builder.Executor.Progress;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Builder.Cli.Printing;

/// <summary>
/// <c>--progress=tty</c> (and <c>auto</c> on a terminal): BuildKit's live view drawn with
/// Spectre.Console — a <c>[+] Building 3.2s (5/7)</c> header and one line per vertex with its
/// state and time, redrawn ten times a second; when the build ends the final view stays and the
/// output of a failed step is printed under it, as BuildKit does.
/// </summary>
internal sealed class TtyProgress : BuildProgress
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<int, Row> _rows = [];
    private readonly DateTimeOffset _start = DateTimeOffset.UtcNow;
    private readonly IAnsiConsole _console;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly List<(string Name, IReadOnlyList<string> Lines)> _failures = [];

    public TtyProgress(TextWriter stderr)
    {
        _console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stderr), Ansi = AnsiSupport.Detect, ColorSystem = ColorSystemSupport.Detect });
        _loop = _console.Live(Render()).AutoClear(false).StartAsync(async context =>
        {
            while (!_stop.IsCancellationRequested)
            {
                context.UpdateTarget(Render());
                try
                {
                    await Task.Delay(100, _stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            context.UpdateTarget(Render());
        });
    }

    public override void VertexStarted(VertexInfo vertex, bool isStep) => Update(vertex, null);

    public override void VertexLog(VertexInfo vertex, string line)
    {
    }

    public override void VertexEnded(VertexInfo vertex, VertexResult result, IReadOnlyList<string> lines, bool isStep)
    {
        Update(vertex, result);
        if (result.Outcome == VertexOutcome.Error)
        {
            lock (_gate)
            {
                _failures.Add((vertex.Name, lines));
            }
        }
    }

    public override void Dispose()
    {
        _stop.Cancel();
        _loop.GetAwaiter().GetResult();
        foreach (var (name, lines) in _failures)
        {
            _console.MarkupLine($"[red]------[/]\n[red] > {Markup.Escape(name)}:[/]");
            foreach (var line in lines.TakeLast(20))
            {
                _console.WriteLine(line);
            }
        }

        _stop.Dispose();
        base.Dispose();
    }

    private void Update(VertexInfo vertex, VertexResult? result)
    {
        lock (_gate)
        {
            _rows[vertex.Number] = new Row(vertex, result);
        }
    }

    private IRenderable Render()
    {
        lock (_gate)
        {
            var now = DateTimeOffset.UtcNow;
            int finished = _rows.Values.Count(r => r.Result is not null);
            var lines = new List<IRenderable>
            {
                new Markup($"[bold][[+]] Building {Seconds(now - _start)} ({finished}/{_rows.Count})[/]"),
            };
            foreach (var row in _rows.Values)
            {
                var (state, color) = row.Result switch
                {
                    null => (Seconds(now - row.Vertex.Started), "blue"),
                    { Outcome: VertexOutcome.Cached } => ("CACHED", "grey"),
                    { Outcome: VertexOutcome.Error } => ("ERROR", "red"),
                    { Outcome: VertexOutcome.Canceled } => ("CANCELED", "yellow"),
                    { Duration: var d } => (Seconds(d), "green"),
                };
                lines.Add(new Markup($"[{color}] => {Markup.Escape(Trim(row.Vertex.Name))} {state}[/]"));
            }

            return new Rows(lines);
        }
    }

    private string Trim(string name)
    {
        int width = Math.Max(20, _console.Profile.Width - 16);
        return name.Length <= width ? name : name[..(width - 1)] + "…";
    }

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s";

    private sealed record Row(VertexInfo Vertex, VertexResult? Result);
}
