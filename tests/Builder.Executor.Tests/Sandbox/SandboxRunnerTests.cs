using System.Text.Json;
using Builder.Executor.Sandbox;
using Builder.TestKit;
using Xunit;

namespace Builder.Executor.Tests.Sandbox;

public sealed class SandboxRunnerTests
{
    [Fact]
    public async Task The_bundle_is_written_before_launch_and_removed_after()
    {
        using var work = new TempDirectory("sandbox-runner");
        var launcher = new FakeLauncher((bundle, stdout, stderr) =>
        {
            var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(bundle, "config.json"))).RootElement;
            Assert.Equal("/rootfs", config.GetProperty("root").GetProperty("path").GetString());
            Assert.Equal("echo", config.GetProperty("process").GetProperty("args")[0].GetString());
            stdout("out");
            stderr("err");
            return 3;
        });
        var runner = new SandboxRunner(work.Path, launcher);

        var result = await runner.RunAsync(new SandboxRequest("/rootfs", ["echo", "hi"]), new SandboxOutput(), CancellationToken.None);

        Assert.Equal(3, result.ExitCode);
        Assert.Equal(["out", "err"], result.LastLines.ToArray());
        Assert.Single(launcher.Bundles);
        Assert.StartsWith(work.Path, launcher.Bundles[0], StringComparison.Ordinal);
        Assert.False(Directory.Exists(launcher.Bundles[0]));
        Assert.Empty(Directory.EnumerateFileSystemEntries(work.Path));
    }

    [Fact]
    public async Task Output_goes_to_the_callbacks_and_the_last_lines_are_kept()
    {
        using var work = new TempDirectory("sandbox-runner");
        var launcher = new FakeLauncher((_, stdout, stderr) =>
        {
            for (var i = 0; i < 30; i++)
            {
                (i % 2 == 0 ? stdout : stderr)($"line {i}");
            }

            return 0;
        });
        var seenOut = new List<string>();
        var seenErr = new List<string>();

        var result = await new SandboxRunner(work.Path, launcher).RunAsync(
            new SandboxRequest("/rootfs", ["true"]), new SandboxOutput(seenOut.Add, seenErr.Add), CancellationToken.None);

        Assert.Equal(15, seenOut.Count);
        Assert.Equal(15, seenErr.Count);
        Assert.Equal(SandboxRunner.TailLines, result.LastLines.Length);
        Assert.Equal("line 10", result.LastLines[0]);
        Assert.Equal("line 29", result.LastLines[^1]);
    }

    [Fact]
    public async Task Cancellation_waits_for_the_launcher_then_throws_and_cleans_up()
    {
        using var work = new TempDirectory("sandbox-runner");
        using var cts = new CancellationTokenSource();
        var stopped = false;
        var launcher = new FakeLauncher((_, _, _) => 0)
        {
            Async = async (bundle, ct) =>
            {
                cts.Cancel();
                await Task.Delay(Timeout.Infinite, ct).ContinueWith(_ => { });
                Assert.True(File.Exists(Path.Combine(bundle, "config.json")));
                stopped = true;
                return 143;
            },
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => new SandboxRunner(work.Path, launcher).RunAsync(new SandboxRequest("/rootfs", ["sleep", "9"]), new SandboxOutput(), cts.Token));

        Assert.True(stopped);
        Assert.Empty(Directory.EnumerateFileSystemEntries(work.Path));
    }

    [Fact]
    public void A_missing_helper_is_a_clear_error()
    {
        using var empty = new TempDirectory("sandbox-nohelper");

        var e = Assert.Throws<SandboxUnavailableException>(() => SandboxHelper.Locate(empty.Path));

        Assert.Contains(Path.Combine(empty.Path, "builder-sandbox"), e.Message, StringComparison.Ordinal);
        Assert.Contains("scripts/setup.sh", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void The_build_puts_the_helper_next_to_the_assembly()
    {
        var path = SandboxHelper.Locate();

        Assert.True((File.GetUnixFileMode(path) & UnixFileMode.UserExecute) != 0, $"{path} is not executable");
    }

    private sealed class FakeLauncher(Func<string, Action<string>, Action<string>, int> run) : ISandboxLauncher
    {
        public List<string> Bundles { get; } = [];

        public Func<string, CancellationToken, Task<int>>? Async { get; init; }

        public Task<int> RunAsync(string bundleDirectory, Action<string> stdoutLine, Action<string> stderrLine, CancellationToken ct)
        {
            Bundles.Add(bundleDirectory);
            return Async is null ? Task.FromResult(run(bundleDirectory, stdoutLine, stderrLine)) : Async(bundleDirectory, ct);
        }
    }
}
