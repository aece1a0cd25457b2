using System.Collections.Concurrent;
using System.Collections.Immutable;
using Builder.Executor.Sandbox;
using Builder.TestKit;

namespace Builder.Executor.Tests.Sandbox;

/// <summary>A busybox root file system built once per test class, and a runner over the real helper.</summary>
public sealed class SandboxRootfs : IDisposable
{
    private readonly TempDirectory _temp = new("sandbox-rootfs");

    public SandboxRootfs()
    {
        // Built lazily: a skipped [RootFact] class must not need busybox.
        _rootfs = new Lazy<string>(() =>
        {
            var root = _temp.Combine("rootfs");
            BusyboxImage.BuildRootfs(root);
            return root;
        });
    }

    private readonly Lazy<string> _rootfs;

    public string Path => _rootfs.Value;

    public string WorkDirectory => _temp.Path;

    public SandboxRequest Request(params string[] args) => new(Path, [.. args]);

    public async Task<Run> RunAsync(SandboxRequest request, CancellationToken ct = default)
    {
        Requirements.Root();
        var stdout = new ConcurrentQueue<string>();
        var stderr = new ConcurrentQueue<string>();
        var runner = new SandboxRunner(WorkDirectory);
        var result = await runner.RunAsync(request, new SandboxOutput(stdout.Enqueue, stderr.Enqueue), ct);
        return new Run(result.ExitCode, [.. stdout], [.. stderr]);
    }

    public Task<Run> RunAsync(params string[] args) => RunAsync(Request(args));

    public void Dispose() => _temp.Dispose();

    public sealed record Run(int ExitCode, ImmutableArray<string> Stdout, ImmutableArray<string> Stderr)
    {
        public string Out => string.Join("\n", Stdout);

        public override string ToString() => $"exit {ExitCode}\nstdout:\n{Out}\nstderr:\n{string.Join("\n", Stderr)}";
    }
}
