using Builder.TestKit;
using Xunit;

namespace Builder.Executor.Tests.Sandbox;

/// <summary>The command's output, exit status and identity inside builder-sandbox (a busybox rootfs).</summary>
public sealed class HelperProcessTests(SandboxRootfs rootfs) : IClassFixture<SandboxRootfs>
{
    [RootFact]
    public async Task Output_is_streamed_and_exit_zero_is_returned()
    {
        var run = await rootfs.RunAsync("sh", "-c", "echo hello; echo oops >&2");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["hello"], run.Stdout.ToArray());
        Assert.Equal(["oops"], run.Stderr.ToArray());
    }

    [RootFact]
    public async Task The_exit_status_is_the_commands()
    {
        var run = await rootfs.RunAsync("sh", "-c", "exit 3");

        Assert.Equal(3, run.ExitCode);
    }

    [RootFact]
    public async Task A_command_killed_by_a_signal_exits_128_plus_the_signal()
    {
        var run = await rootfs.RunAsync("sh", "-c", "kill -9 $$");

        Assert.Equal(137, run.ExitCode);
    }

    [RootFact]
    public async Task A_missing_command_exits_127_and_says_so()
    {
        var run = await rootfs.RunAsync("no-such-tool", "x");

        Assert.Equal(127, run.ExitCode);
        var line = Assert.Single(run.Stderr);
        Assert.StartsWith("builder-sandbox: exec no-such-tool (searched $PATH /usr/local/sbin:", line, StringComparison.Ordinal);
        Assert.EndsWith(": No such file or directory", line, StringComparison.Ordinal);
    }

    [RootFact]
    public async Task A_file_that_is_not_executable_exits_126()
    {
        var run = await rootfs.RunAsync("/etc/passwd");

        Assert.Equal(126, run.ExitCode);
        Assert.Equal("builder-sandbox: exec /etc/passwd: Permission denied", Assert.Single(run.Stderr));
    }

    [RootFact]
    public async Task A_missing_working_directory_is_a_setup_failure()
    {
        var run = await rootfs.RunAsync(rootfs.Request("true") with { Cwd = "/nope" });

        Assert.Equal(125, run.ExitCode);
        Assert.Equal("builder-sandbox: chdir to process.cwd /nope: No such file or directory", Assert.Single(run.Stderr));
    }

    [RootFact]
    public async Task Env_cwd_user_group_and_additional_groups_are_applied()
    {
        var request = rootfs.Request("sh", "-c", "id -u; id -g; id -G; pwd; echo $GREETING; echo $PATH; umask") with
        {
            Env = ["GREETING=hi there"],
            Cwd = "/tmp",
            Uid = 1000,
            Gid = 1001,
            AdditionalGids = [10, 20],
        };

        var run = await rootfs.RunAsync(request);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["1000", "1001", "1001 10 20", "/tmp", "hi there", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "0022"], run.Stdout.ToArray());
    }

    [RootFact]
    public async Task The_hostname_is_the_requests()
    {
        var run = await rootfs.RunAsync(rootfs.Request("hostname") with { Hostname = "sandbox-test" });

        Assert.Equal(["sandbox-test"], run.Stdout.ToArray());
    }

    [RootFact]
    public async Task Pid_1_is_the_helpers_init_and_only_the_containers_processes_are_visible()
    {
        // The loop and echo are shell built-ins, so the shell (PID 2) is the only other process.
        var run = await rootfs.RunAsync("sh", "-c", "for p in /proc/[0-9]*; do echo ${p#/proc/}; done; tr '\\0' ' ' < /proc/1/cmdline");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["1", "2"], run.Stdout.Take(2).ToArray());
        Assert.Matches("^/.*builder-sandbox run /", run.Stdout[2]);
        Assert.Equal(3, run.Stdout.Length);
    }

    [RootFact]
    public async Task Orphans_are_reaped_and_killed_when_the_command_exits()
    {
        // A grandchild reparented to init is reaped (no zombie); a background sleeper dies with the namespace.
        var marker = Random.Shared.Next(600000, 699999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var run = await rootfs.RunAsync("sh", "-c", $"(sh -c 'exit 0' &); sleep 0.2; grep -l Z /proc/[0-9]*/stat 2>/dev/null | wc -l; sleep {marker} & echo started");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["0", "started"], run.Stdout.ToArray());
        Assert.Empty(HostProcesses.WithCommandLine("sleep\0" + marker));
    }
}
