using Builder.Cache;
using Builder.Cache.Images;
using Builder.Runner.Launch;
using Builder.TestKit;
using Xunit;

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

    /// <summary>Cgroup directories <c>builder/&lt;id&gt;</c> (the sandbox's leaf's parent) still there, in every hierarchy a limit may use.</summary>
    public static IReadOnlyList<string> Cgroups(string id) =>
        [.. File.ReadAllLines("/proc/self/cgroup")
            .Select(l => l.Split(':', 3))
            .SelectMany(p => (p[1].Length == 0 ? ["unified", ""] : p[1].Split(',')).Select(c => $"/sys/fs/cgroup/{c}{(p[2] == "/" ? "" : p[2])}/builder/{id}".Replace("cgroup//", "cgroup/", StringComparison.Ordinal)))
            .Where(Directory.Exists)];

    /// <summary>No mount, process or container folder of this store is left (the monitor of a <c>-d --rm</c> container may still be exiting: it is given until the test's bound).</summary>
    public void AssertNothingLeft()
    {
        WaitUntil(() => Processes().Count == 0, "the store's processes to end");
        AssertNoMountOrFolderLeft();
    }

    /// <summary>As <see cref="AssertNothingLeft"/>, with no process given time to end: a foreground run has returned.</summary>
    public void AssertNothingLeftNow()
    {
        Assert.Empty(Processes());
        AssertNoMountOrFolderLeft();
    }

    private void AssertNoMountOrFolderLeft()
    {
        Assert.Empty(Mounts());
        var containers = System.IO.Path.Combine(RootPath, "containers");
        Assert.True(!Directory.Exists(containers) || !Directory.EnumerateFileSystemEntries(containers).Any(), "a container left its folder: " + string.Join(", ", Directory.EnumerateFileSystemEntries(containers)));
    }

    /// <summary>
    /// Polls until <paramref name="condition"/> holds. Not a timing assert: the bound only turns a
    /// hang (something that never happens) into a failure naming what was awaited.
    /// </summary>
    public static void WaitUntil(Func<bool> condition, string what)
    {
        var bound = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < bound, $"waited a minute for {what}");
            Thread.Sleep(50);
        }
    }

    public void Dispose() => _dir.Dispose();
}
