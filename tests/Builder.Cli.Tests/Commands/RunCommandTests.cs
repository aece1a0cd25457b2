using System.Text.Json;
using Builder.Cli.Commands;
using Builder.TestKit;
using Xunit;

namespace Builder.Cli.Tests.Commands;

public sealed class RunCommandTests
{
    [Fact]
    public void Everything_after_the_image_belongs_to_the_container()
    {
        Assert.Equal(["run", "--rm", "-e", "A=1", "img", "--", "ls", "-l", "-e"], RunCommand.SplitContainerArgs(["run", "--rm", "-e", "A=1", "img", "ls", "-l", "-e"]));
        Assert.Equal(["run", "img", "--"], RunCommand.SplitContainerArgs(["run", "img"]));
        Assert.Equal(["images", "-q"], RunCommand.SplitContainerArgs(["images", "-q"]));
        Assert.Equal(["exec", "-it", "-e", "A=1", "-u", "nobody", "web", "--", "ls", "-l"], RunCommand.SplitContainerArgs(["exec", "-it", "-e", "A=1", "-u", "nobody", "web", "ls", "-l"]));
    }

    [SandboxFact]
    public async Task Run_t_gives_the_container_a_terminal()
    {
        using var store = new CliStore();
        await BusyboxImage.ImportAsync(new Builder.Cache.Images.ImageStore(new Builder.Cache.StoreRoot(store.Root)));
        var result = CliHarness.Run("run", "--root", store.Root, "--rm", "-t", BusyboxImage.Reference, "sh", "-c", "test -t 0 && test -t 1 && echo tty; tty");
        Assert.Equal((0, "tty\r\n/dev/pts/0\r\n", ""), (result.ExitCode, result.Stdout, result.Stderr));
    }

    [SandboxFact]
    public async Task Detached_container_with_a_healthcheck_becomes_healthy_takes_exec_and_rm_leaves_nothing()
    {
        using var store = new CliStore();
        await BusyboxImage.ImportAsync(new Builder.Cache.Images.ImageStore(new Builder.Cache.StoreRoot(store.Root)));
        var context = Directory.CreateDirectory(store.Dir.Combine("ctx")).FullName;
        File.WriteAllText(Path.Combine(context, "Dockerfile"), $"FROM {BusyboxImage.Reference}\nHEALTHCHECK --interval=1s --retries=2 CMD test -e /tmp/ready\n");
        var build = CliHarness.Run("build", "--root", store.Root, "-q", "-t", "health/web:1", context);
        Assert.True(build.ExitCode == 0, build.Stderr);

        var run = CliHarness.Run("run", "--root", store.Root, "-d", "--name", "web", "health/web:1", "sh", "-c", "touch /tmp/ready; exec sleep 600");
        Assert.Equal(0, run.ExitCode);
        string ps = string.Empty;
        WaitUntil(() => (ps = CliHarness.Run("ps", "--root", store.Root).Stdout).Contains("(healthy)", StringComparison.Ordinal), "ps to show (healthy)");
        Assert.Matches(@"Up \d+ seconds? \(healthy\)\s+web", ps);

        using (var inspect = JsonDocument.Parse(CliHarness.Run("inspect", "--root", store.Root, "web").Stdout))
        {
            var health = inspect.RootElement[0].GetProperty("State").GetProperty("Health");
            Assert.Equal("healthy", health.GetProperty("Status").GetString());
            Assert.Equal(0, health.GetProperty("Log")[0].GetProperty("ExitCode").GetInt32());
            Assert.EndsWith("Z", health.GetProperty("Log")[0].GetProperty("Start").GetString());
        }

        var exec = CliHarness.Run("exec", "--root", store.Root, "-e", "X=1", "-w", "/tmp", "web", "sh", "-c", "echo $X $(pwd); ls ready; exit 4");
        Assert.Equal((4, "1 /tmp\nready\n", ""), (exec.ExitCode, exec.Stdout, exec.Stderr));

        Assert.Equal(0, CliHarness.Run("rm", "--root", store.Root, "-f", "web").ExitCode);
        var gone = CliHarness.Run("exec", "--root", store.Root, "web", "true");
        Assert.Equal(125, gone.ExitCode);
        Assert.Contains("no such container: web", gone.Stderr);

        var removed = CliHarness.Run("run", "--root", store.Root, "-d", "--rm", BusyboxImage.Reference, "true");
        Assert.Equal(0, removed.ExitCode);
        WaitUntil(() => CliHarness.Run("ps", "-a", "-q", "--root", store.Root).Stdout.Length == 0, "the -d --rm container to be removed");
        WaitUntil(() => !Directory.EnumerateFileSystemEntries(Path.Combine(store.Root, "containers")).Any(), "its folder to go");
        Assert.DoesNotContain(File.ReadAllLines("/proc/self/mountinfo"), l => l.Contains(store.Root, StringComparison.Ordinal));
    }

    [SandboxFact]
    public async Task Exec_into_a_stopped_container_says_it_is_not_running()
    {
        using var store = new CliStore();
        await BusyboxImage.ImportAsync(new Builder.Cache.Images.ImageStore(new Builder.Cache.StoreRoot(store.Root)));
        Assert.Equal(0, CliHarness.Run("run", "--root", store.Root, "--name", "done", BusyboxImage.Reference, "true").ExitCode);
        var exec = CliHarness.Run("exec", "--root", store.Root, "done", "true");
        Assert.Equal(125, exec.ExitCode);
        Assert.StartsWith("builder: error: container done is not running (Exited (0)", exec.Stderr);
        Assert.Equal(0, CliHarness.Run("rm", "--root", store.Root, "done").ExitCode);
    }

    /// <summary>Polls; the bound only turns a hang into a failure naming what was awaited (not a timing assert).</summary>
    private static void WaitUntil(Func<bool> condition, string what)
    {
        var bound = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < bound, $"waited a minute for {what}");
            Thread.Sleep(100);
        }
    }

    [SandboxFact]
    public async Task Run_prints_the_containers_output_and_exits_with_its_code()
    {
        using var store = new CliStore();
        await BusyboxImage.ImportAsync(new Builder.Cache.Images.ImageStore(new Builder.Cache.StoreRoot(store.Root)));
        var result = CliHarness.Run("run", "--root", store.Root, "--rm", "-e", "X=1", BusyboxImage.Reference, "sh", "-c", "echo X=$X; ls -d /etc; exit 42");
        Assert.Equal((42, "X=1\n/etc\n", ""), (result.ExitCode, result.Stdout, result.Stderr));

        var missing = CliHarness.Run("run", "--root", store.Root, "--rm", "no/such:image", "true");
        Assert.Equal(125, missing.ExitCode);
        Assert.StartsWith("builder: error: ", missing.Stderr);
        Assert.Empty(CliHarness.Run("ps", "-a", "-q", "--root", store.Root).Stdout);
    }
}
