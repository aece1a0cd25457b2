using Builder.Runner.Launch;
using Builder.TestKit;
using Xunit;

namespace Builder.Runner.Tests;

/// <summary><c>builder run</c> end to end on the busybox image in the namespace sandbox.</summary>
public sealed class ContainerRunnerTests(RunnerStore fixture) : IClassFixture<RunnerStore>
{
    private const string Image = BusyboxImage.Reference;

    [SandboxFact]
    public async Task Output_and_exit_code_are_the_containers()
    {
        var (outcome, stdout, stderr) = await fixture.RunAsync(new RunOptions(Image) { Remove = true, Command = ["sh", "-c", "echo out; echo err >&2; exit 3"] });
        Assert.Equal(3, outcome.ExitCode);
        Assert.Equal("out\n", stdout);
        Assert.Equal("err\n", stderr);
        fixture.AssertNothingLeftNow();
    }

    [SandboxFact]
    public async Task Env_workdir_and_user_come_from_the_image_and_the_options()
    {
        var (outcome, stdout, _) = await fixture.RunAsync(new RunOptions(Image)
        {
            Remove = true,
            Env = ["GREETING=hi"],
            WorkingDir = "/made/here",
            User = "nobody",
            Command = ["sh", "-c", "echo $GREETING $PATH; pwd; id -u; id -g; ls -ld /made/here | cut -c1-10"],
        });
        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal("hi /usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n/made/here\n65534\n65534\ndrwxr-xr-x\n", stdout);
    }

    [SandboxFact]
    public async Task Unknown_user_is_an_error_that_says_what_to_do()
    {
        var e = await Assert.ThrowsAsync<RunnerException>(() => fixture.RunAsync(new RunOptions(Image) { Remove = true, User = "nosuch", Command = ["true"] }));
        Assert.Contains("nosuch", e.Message);
        Assert.Contains("numeric -u UID[:GID]", e.Message);
        fixture.AssertNothingLeftNow();
    }

    [SandboxFact]
    public async Task Volumes_bind_host_folders_and_ro_is_enforced()
    {
        var host = Directory.CreateDirectory(Path.Combine(fixture.Path, "vol-" + Guid.NewGuid().ToString("N"))).FullName;
        File.WriteAllText(Path.Combine(host, "in"), "from host\n");
        var (rw, stdout, _) = await fixture.RunAsync(new RunOptions(Image) { Remove = true, Volumes = [host + ":/data"], Command = ["sh", "-c", "cat /data/in; echo back > /data/out"] });
        Assert.Equal(0, rw.ExitCode);
        Assert.Equal("from host\n", stdout);
        Assert.Equal("back\n", File.ReadAllText(Path.Combine(host, "out")));

        var (ro, _, stderr) = await fixture.RunAsync(new RunOptions(Image) { Remove = true, Volumes = [host + ":/data:ro"], Command = ["touch", "/data/nope"] });
        Assert.NotEqual(0, ro.ExitCode);
        Assert.Contains("Read-only file system", stderr);
        Assert.False(File.Exists(Path.Combine(host, "nope")));
    }

    [SandboxFact]
    public async Task Read_only_root_refuses_writes_and_a_writable_one_does_not_change_the_image()
    {
        var (ro, _, stderr) = await fixture.RunAsync(new RunOptions(Image) { Remove = true, ReadOnly = true, Command = ["touch", "/x"] });
        Assert.Equal(1, ro.ExitCode);
        Assert.Contains("Read-only file system", stderr);

        var (rw, _, _) = await fixture.RunAsync(new RunOptions(Image) { Remove = true, Command = ["sh", "-c", "echo changed > /etc/motd-test"] });
        Assert.Equal(0, rw.ExitCode);
        var (again, stdout, _) = await fixture.RunAsync(new RunOptions(Image) { Remove = true, Command = ["sh", "-c", "test -e /etc/motd-test && echo leaked || echo clean"] });
        Assert.Equal("clean\n", stdout);
        Assert.Equal(0, again.ExitCode);
    }

    [SandboxFact]
    public async Task Network_none_has_only_loopback()
    {
        var (outcome, stdout, _) = await fixture.RunAsync(new RunOptions(Image) { Remove = true, Network = RunNetwork.None, Command = ["sh", "-c", "ls /sys/class/net | tr '\\n' ' '"] });
        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal("lo ", stdout);
    }

    [SandboxFact]
    public async Task Memory_limit_exceeded_is_an_oom_kill_reported_as_such()
    {
        var (outcome, _, _) = await fixture.RunAsync(new RunOptions(Image)
        {
            Remove = true,
            Memory = "16m",
            Command = ["sh", "-c", "x=$(head -c 200000000 /dev/zero | tr '\\0' a); echo survived"],
        });
        Assert.Equal(137, outcome.ExitCode);
        Assert.True(outcome.OomKilled);

        var (fits, stdout, _) = await fixture.RunAsync(new RunOptions(Image) { Remove = true, Memory = "64m", Command = ["echo", "fits"] });
        Assert.Equal((0, false, "fits\n"), (fits.ExitCode, fits.OomKilled, stdout));
        fixture.AssertNothingLeftNow();
    }

    [SandboxFact]
    public async Task Pids_limit_contains_a_fork_bomb()
    {
        var (outcome, stdout, stderr) = await fixture.RunAsync(new RunOptions(Image)
        {
            Remove = true,
            PidsLimit = 16,
            Command = ["sh", "-c", "for i in $(seq 100); do sleep 30 & done; echo spawned"],
        });
        Assert.Contains("can't fork", stderr);
        Assert.DoesNotContain("spawned", stdout);
        Assert.NotEqual(0, outcome.ExitCode);
        fixture.AssertNothingLeftNow();
    }

    [SandboxFact]
    public async Task Cancelling_forwards_sigterm_and_the_exit_code_is_the_containers()
    {
        using var cts = new CancellationTokenSource();
        var stdout = new CancellingWriter("ready\n", cts);
        var outcome = await new ContainerRunner(fixture.Store).RunAsync(
            new RunOptions(Image) { Remove = true, Command = ["sh", "-c", "trap 'echo got TERM; exit 5' TERM; echo ready; while true; do sleep 0.1; done"] },
            new RunStreams(stdout, TextWriter.Null),
            cts.Token);
        Assert.Equal(5, outcome.ExitCode);
        Assert.Equal("ready\ngot TERM\n", stdout.ToString());
        fixture.AssertNothingLeftNow();
    }

    [SandboxFact]
    public async Task An_untrapped_signal_gives_128_plus_its_number()
    {
        using var cts = new CancellationTokenSource();
        var stdout = new CancellingWriter("ready\n", cts);
        var outcome = await new ContainerRunner(fixture.Store).RunAsync(
            new RunOptions(Image) { Remove = true, Command = ["sh", "-c", "echo ready; exec sleep 60"] },
            new RunStreams(stdout, TextWriter.Null),
            cts.Token);
        Assert.Equal(128 + 15, outcome.ExitCode);
    }

    [SandboxFact]
    public async Task Interactive_passes_stdin()
    {
        var stdout = new StringWriter();
        var outcome = await new ContainerRunner(fixture.Store).RunAsync(
            new RunOptions(Image) { Remove = true, Interactive = true, Command = ["sh", "-c", "tr a-z A-Z"] },
            new RunStreams(stdout, TextWriter.Null, new MemoryStream("piped in\n"u8.ToArray())),
            CancellationToken.None);
        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal("PIPED IN\n", stdout.ToString());
    }
}
