using System.Text.RegularExpressions;
using Builder.Runner.Containers;
using Builder.Runner.Launch;
using Builder.TestKit;
using Xunit;

namespace Builder.Runner.Tests.Exec;

/// <summary><c>builder exec</c> into a detached busybox container: its namespaces, root, environment and cgroup; exit codes; the end of the container ends the exec.</summary>
public sealed partial class ExecTests(RunnerStore fixture) : IClassFixture<RunnerStore>
{
    private const string Ready = "echo inside > /tmp/mark; echo ready; exec sleep 600";

    [SandboxFact]
    public async Task Exec_runs_in_the_containers_namespaces_root_environment_and_cgroup()
    {
        var (lifecycle, id) = await StartAsync(new RunOptions(BusyboxImage.Reference) { Detach = true, Env = ["A=1"], PidsLimit = 50, Command = ["sh", "-c", Ready] });
        var (code, stdout, stderr) = await ExecAsync(lifecycle, id, new ExecOptions(
            ["sh", "-c", "cat /tmp/mark; echo $A $B; hostname; tr '\\0' ' ' < /proc/1/cmdline; echo; grep pids /proc/self/cgroup; pwd; id -u; exit 3"])
        {
            Env = ["B=2"],
            WorkingDir = "/tmp",
            User = "nobody",
        });
        Assert.Equal("", stderr);
        var lines = stdout.Split('\n');
        Assert.Equal(["inside", "1 2", id[..12]], lines[..3]);
        Assert.Contains("builder-sandbox run ", lines[3]); // PID 1 is the container's init: its pid namespace
        Assert.EndsWith($"/builder/{id}/c", lines[4]);
        Assert.Equal(["/tmp", "65534", ""], lines[5..]);
        Assert.Equal(3, code);

        await lifecycle.RemoveAsync(id, force: true, CancellationToken.None);
        fixture.AssertNothingLeft();
    }

    [SandboxFact]
    public async Task Exec_passes_stdin_with_i_and_gives_a_terminal_with_t()
    {
        var (lifecycle, id) = await StartAsync(new RunOptions(BusyboxImage.Reference) { Detach = true, Command = ["sh", "-c", Ready] });
        var stdout = new StringWriter();
        var code = await lifecycle.ExecAsync(id, new ExecOptions(["tr", "a-z", "A-Z"]) { Interactive = true }, new RunStreams(stdout, TextWriter.Null, new MemoryStream("piped\n"u8.ToArray())), CancellationToken.None);
        Assert.Equal((0, "PIPED\n"), (code, stdout.ToString()));

        var (ttyCode, tty, _) = await ExecAsync(lifecycle, id, new ExecOptions(["sh", "-c", "tty; test -t 0 && echo yes"]) { Tty = true });
        Assert.Equal(0, ttyCode);
        Assert.Matches(PtyLines(), tty);

        var (missing, _, notFound) = await ExecAsync(lifecycle, id, new ExecOptions(["no-such-command"]));
        Assert.Equal(127, missing);
        Assert.Contains("no-such-command", notFound);

        await lifecycle.RemoveAsync(id, force: true, CancellationToken.None);
        fixture.AssertNothingLeft();
    }

    [SandboxFact]
    public async Task Exec_into_a_container_that_is_not_running_names_it()
    {
        var (lifecycle, id) = await StartAsync(new RunOptions(BusyboxImage.Reference) { Detach = true, Name = "stopped-one", Command = ["sh", "-c", Ready] });
        await lifecycle.StopAsync("stopped-one", TimeSpan.Zero, CancellationToken.None);
        var e = await Assert.ThrowsAsync<RunnerException>(() => lifecycle.ExecAsync("stopped-one", new ExecOptions(["true"]), new RunStreams(TextWriter.Null, TextWriter.Null), CancellationToken.None));
        Assert.Contains("container stopped-one is not running", e.Message);
        Assert.Contains("builder ps -a", e.Message);
        await lifecycle.RemoveAsync(id, force: false, CancellationToken.None);
        fixture.AssertNothingLeft();
    }

    [SandboxFact]
    public async Task Removing_the_container_ends_a_running_exec_and_leaves_nothing()
    {
        var (lifecycle, id) = await StartAsync(new RunOptions(BusyboxImage.Reference) { Detach = true, Command = ["sh", "-c", Ready] });
        var stdout = new StringWriter();
        var exec = lifecycle.ExecAsync(id, new ExecOptions(["sh", "-c", "echo started; exec sleep 600"]), new RunStreams(stdout, TextWriter.Null), CancellationToken.None);
        RunnerStore.WaitUntil(() => stdout.ToString() == "started\n" || exec.IsCompleted, "the exec to start");
        await lifecycle.RemoveAsync(id, force: true, CancellationToken.None);
        Assert.Equal(137, await exec); // SIGKILLed with the container's pid namespace
        fixture.AssertNothingLeft();
    }

    private async Task<(ContainerLifecycle Lifecycle, string Id)> StartAsync(RunOptions options)
    {
        var lifecycle = new ContainerLifecycle(fixture.Store.Root);
        var id = (await fixture.RunAsync(options)).Outcome.Id;
        RunnerStore.WaitUntil(() => File.Exists(lifecycle.Store.LogOf(id)) && File.ReadAllText(lifecycle.Store.LogOf(id)) == "ready\n", "the container to be ready");
        return (lifecycle, id);
    }

    private static async Task<(int Code, string Stdout, string Stderr)> ExecAsync(ContainerLifecycle lifecycle, string id, ExecOptions options)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await lifecycle.ExecAsync(id, options, new RunStreams(stdout, stderr), CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [GeneratedRegex(@"^/dev/pts/\d+\r\nyes\r\n$")]
    private static partial Regex PtyLines();
}
