using Builder.Cache;
using Builder.Cache.Images;
using Builder.Runner.Launch;
using Builder.TestKit;

namespace Builder.Runner.Tests;

/// <summary>A temp store with the busybox test image, shared by a test class; runs capture output.</summary>
public sealed class RunnerStore : IDisposable
{
    private readonly TempDirectory _dir = new("runner-store");

    public RunnerStore()
    {
        Store = new ImageStore(new StoreRoot(_dir.Combine("root")).EnsureCreated());
        if (Environment.IsPrivilegedProcess && ExternalTools.Find("busybox") is not null)
        {
            BusyboxImage.ImportAsync(Store).GetAwaiter().GetResult();
        }
    }

    public ImageStore Store { get; }

    public string Path => _dir.Path;

    public string RootPath => Store.Root.Path;

    public async Task<(RunOutcome Outcome, string Stdout, string Stderr)> RunAsync(RunOptions options, CancellationToken ct = default)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var outcome = await new ContainerRunner(Store).RunAsync(options, new RunStreams(stdout, stderr), ct);
        return (outcome, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Mount points under this store still in the host's mount table.</summary>
    public IReadOnlyList<string> Mounts() =>
        [.. File.ReadAllLines("/proc/self/mountinfo").Where(l => l.Contains(RootPath, StringComparison.Ordinal))];

    /// <summary>Host processes whose command line names this store (the helper's bundle path does).</summary>
    public IReadOnlyList<int> Processes()
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(System.IO.Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                if (File.ReadAllText(System.IO.Path.Combine(dir, "cmdline")).Contains(RootPath, StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
        }

        return found;
    }

    public void Dispose() => _dir.Dispose();
}
