using Builder.Executor.Sandbox;
using Builder.TestKit;
using Xunit;

namespace Builder.Executor.Tests.Sandbox;

/// <summary>What the command can see and do: the rootfs, /dev, /proc, /sys, capabilities, network.</summary>
public sealed class HelperIsolationTests(SandboxRootfs rootfs) : IClassFixture<SandboxRootfs>
{
    [RootFact]
    public async Task Only_the_rootfs_is_visible_not_the_host()
    {
        using var host = new TempDirectory("sandbox-host-marker");

        var run = await rootfs.RunAsync("sh", "-c", $"ls /; ls {host.Path} 2>&1; ls /work 2>&1");

        var top = Directory.EnumerateFileSystemEntries(rootfs.Path).Select(p => Path.GetFileName(p)!).Order(StringComparer.Ordinal);
        Assert.Equal(
            [.. top, $"ls: {host.Path}: No such file or directory", "ls: /work: No such file or directory"],
            run.Stdout.ToArray());
    }

    [RootFact]
    public async Task Dev_holds_the_minimal_set_and_nothing_of_it_lands_in_the_rootfs()
    {
        var run = await rootfs.RunAsync("sh", "-c", "ls /dev; readlink /dev/ptmx; readlink /dev/fd; echo x > /dev/null; head -c 4 /dev/zero | wc -c");

        Assert.True(run.ExitCode == 0, run.ToString());
        var core = File.Exists("/proc/kcore") ? new[] { "core" } : [];
        Assert.Equal(
            [.. core, "fd", "full", "mqueue", "null", "ptmx", "pts", "random", "shm", "stderr", "stdin", "stdout", "tty", "urandom", "zero",
             "pts/ptmx", "/proc/self/fd", "4"],
            run.Stdout.ToArray());
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(rootfs.Path, "dev")));
    }

    [RootFact]
    public async Task Proc_is_fresh_and_sys_is_read_only()
    {
        var run = await rootfs.RunAsync("sh", "-c", "grep -E ' /(proc|sys|dev|dev/pts|dev/shm|dev/mqueue) ' /proc/mounts | cut -d' ' -f1-3,4 | cut -d, -f1; touch /sys/x 2>&1; echo $$");

        Assert.Equal(
            ["proc /proc proc rw", "tmpfs /dev tmpfs rw", "devpts /dev/pts devpts rw", "shm /dev/shm tmpfs rw",
             "mqueue /dev/mqueue mqueue rw", "sysfs /sys sysfs ro", "touch: /sys/x: Read-only file system", "2"],
            run.Stdout.ToArray());
    }

    [RootFact]
    public async Task Masked_paths_are_empty_and_readonly_paths_cannot_be_written()
    {
        var run = await rootfs.RunAsync("sh", "-c", "wc -c < /proc/keys; ls -A /sys/firmware | wc -l; echo 1 > /proc/sys/kernel/ns_last_pid 2>&1 || echo refused; grep ' /proc/sys ' /proc/mounts | cut -d' ' -f4 | cut -d, -f1");

        Assert.Equal(["0", "0", "refused", "ro"], run.Stdout.ToArray());
    }

    [RootFact]
    public async Task Root_gets_Dockers_default_capabilities_and_no_new_privileges()
    {
        var run = await rootfs.RunAsync("grep", "-E", "^(Cap|NoNewPrivs)", "/proc/self/status");

        Assert.Equal(
            ["CapInh:\t0000000000000000", "CapPrm:\t00000000a80425fb", "CapEff:\t00000000a80425fb", "CapBnd:\t00000000a80425fb",
             "CapAmb:\t0000000000000000", "NoNewPrivs:\t1"],
            run.Stdout.ToArray());
    }

    [RootFact]
    public async Task Without_CAP_SYS_ADMIN_mount_fails()
    {
        var denied = await rootfs.RunAsync("mount", "-t", "tmpfs", "none", "/tmp");
        var granted = await rootfs.RunAsync(rootfs.Request("mount", "-t", "tmpfs", "none", "/tmp") with
        {
            Capabilities = RuntimeSpecDefaults.Capabilities.Add("CAP_SYS_ADMIN"),
        });

        Assert.NotEqual(0, denied.ExitCode);
        Assert.Contains("permission denied", string.Join("\n", denied.Stderr), StringComparison.Ordinal);
        Assert.True(granted.ExitCode == 0, granted.ToString());
    }

    [RootFact]
    public async Task A_non_root_user_has_no_effective_capabilities()
    {
        var run = await rootfs.RunAsync(rootfs.Request("grep", "^CapEff", "/proc/self/status") with { Uid = 65534, Gid = 65534 });

        Assert.Equal(["CapEff:\t0000000000000000"], run.Stdout.ToArray());
    }

    [RootFact]
    public async Task The_network_namespace_has_only_lo_unless_host_networking()
    {
        var own = await rootfs.RunAsync("ls", "/sys/class/net");
        var host = await rootfs.RunAsync(rootfs.Request("ls", "/sys/class/net") with { HostNetwork = true });

        Assert.Equal(["lo"], own.Stdout.ToArray());
        Assert.Equal(Directory.EnumerateFileSystemEntries("/sys/class/net").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray(), host.Stdout.ToArray());
    }

    [RootFact]
    public async Task Bind_mounts_and_a_read_only_rootfs_are_honoured()
    {
        using var source = new TempDirectory("sandbox-bind");
        File.WriteAllText(Path.Combine(source.Path, "hello.txt"), "from the host\n");
        var request = rootfs.Request("sh", "-c", "cat /src/hello.txt; touch /src/new 2>&1; touch /new 2>&1; touch /dev/shm/ok && echo shm ok") with
        {
            Mounts = [new("/src", "bind", source.Path, ["rbind", "ro"])],
            ReadonlyRootfs = true,
        };

        var run = await rootfs.RunAsync(request);

        Assert.Equal(["from the host", "touch: /src/new: Read-only file system", "touch: /new: Read-only file system", "shm ok"], run.Stdout.ToArray());
        Assert.False(Directory.Exists(Path.Combine(rootfs.Path, "src")) && Directory.EnumerateFileSystemEntries(Path.Combine(rootfs.Path, "src")).Any());
    }

    [RootFact]
    public async Task No_mount_is_left_in_the_host_mount_namespace()
    {
        var run = await rootfs.RunAsync("true");

        Assert.Equal(0, run.ExitCode);
        Assert.Empty(HostProcesses.MountsUnder(rootfs.Path));
    }
}
