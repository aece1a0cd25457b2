using System.Collections.Immutable;

namespace Builder.Executor.Sandbox;

/// <summary>What a sandboxed command ended with.</summary>
/// <param name="ExitCode">The command's status; 128+N when signal N killed it; 125/126/127 when the
/// sandbox could not be set up / the command not executed / not found (the helper says why on stderr).</param>
/// <param name="LastLines">The last lines of stdout and stderr together, in the order they arrived.</param>
public sealed record SandboxResult(int ExitCode, ImmutableArray<string> LastLines);

/// <summary>Receives the command's output line by line (called from two reader tasks; one line at a time per stream).</summary>
public sealed record SandboxOutput(Action<string>? Stdout = null, Action<string>? Stderr = null);

/// <summary>The sandbox cannot be used at all (the helper is missing or cannot start).</summary>
public sealed class SandboxUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Runs commands in the builder-sandbox helper: prepare a bundle (config.json) under a work
/// directory → launch → wait (cancellation stops the helper, which ends the container's whole
/// process tree) → remove the bundle.
/// </summary>
public sealed class SandboxRunner
{
    /// <summary>How many lines of output <see cref="SandboxResult.LastLines"/> keeps.</summary>
    public const int TailLines = 20;

    private readonly string _workDirectory;
    private readonly ISandboxLauncher _launcher;

    /// <summary>A runner with the helper next to this assembly; <paramref name="grace"/> (default 10 s, as docker stop)
    /// is how long a cancelled command gets between SIGTERM and SIGKILL.</summary>
    public SandboxRunner(string workDirectory, TimeSpan? grace = null)
        : this(workDirectory, new HelperLauncher(SandboxHelper.Locate(), grace ?? TimeSpan.FromSeconds(10)))
    {
    }

    internal SandboxRunner(string workDirectory, ISandboxLauncher launcher)
    {
        _workDirectory = workDirectory;
        _launcher = launcher;
    }

    public async Task<SandboxResult> RunAsync(SandboxRequest request, SandboxOutput output, CancellationToken ct)
    {
        var spec = RuntimeSpecFactory.Create(request);
        var bundle = Path.Combine(_workDirectory, "sandbox-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(bundle);
        try
        {
            await File.WriteAllTextAsync(Path.Combine(bundle, "config.json"), RuntimeSpecFactory.ToJson(spec), ct);
            var tail = new OutputTail(TailLines);
            var exitCode = await _launcher.RunAsync(
                bundle,
                line =>
                {
                    tail.Add(line);
                    output.Stdout?.Invoke(line);
                },
                line =>
                {
                    tail.Add(line);
                    output.Stderr?.Invoke(line);
                },
                ct);
            ct.ThrowIfCancellationRequested();
            return new SandboxResult(exitCode, tail.Lines);
        }
        finally
        {
            Directory.Delete(bundle, recursive: true);
        }
    }

    /// <summary>The last N lines; two reader tasks add to it.</summary>
    private sealed class OutputTail(int capacity)
    {
        private readonly Queue<string> _lines = new();
        private readonly Lock _gate = new();

        public ImmutableArray<string> Lines
        {
            get
            {
                lock (_gate)
                {
                    return [.. _lines];
                }
            }
        }

        public void Add(string line)
        {
            lock (_gate)
            {
                if (_lines.Count == capacity)
                {
                    _lines.Dequeue();
                }

                _lines.Enqueue(line);
            }
        }
    }
}
