using Builder.Executor.Sandbox;
using Builder.TestKit;
using Xunit;

namespace Builder.Executor.Tests.Sandbox;

/// <summary>Parts of the runtime spec a <see cref="SandboxRequest"/> does not reach: written as records, run by the helper.</summary>
public sealed class HelperSpecTests(SandboxRootfs rootfs) : IClassFixture<SandboxRootfs>
{
    [RootFact]
    public void A_user_namespace_maps_root_to_the_given_host_range()
    {
        var spec = Spec("sh", "-c", "id -u; cat /proc/self/uid_map /proc/self/gid_map; grep CapEff /proc/self/status");
        spec = spec with
        {
            Linux = spec.Linux with
            {
                Namespaces = spec.Linux.Namespaces.Add(new NamespaceSpec("user")),
                UidMappings = [new IdMapping(0, 100000, 65536)],
                GidMappings = [new IdMapping(0, 100000, 65536)],
            },
        };

        var (code, stdout, stderr) = Run(spec);

        Assert.True(code == 0, stderr);
        Assert.Equal(
            ["0", "0 100000 65536", "0 100000 65536", "CapEff:\t00000000a80425fb"],
            stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries))).ToArray());
    }

    [RootFact]
    public void A_SIGKILLed_helper_takes_a_user_namespace_run_along()
    {
        // Becoming root in the user namespace changes init's credentials, which clears its
        // parent-death signal unless it is armed again.
        var marker = Random.Shared.Next(600000, 699999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var spec = Spec("sh", "-c", $"sleep {marker} & echo ready; wait");
        spec = spec with
        {
            Linux = spec.Linux with
            {
                Namespaces = spec.Linux.Namespaces.Add(new NamespaceSpec("user")),
                UidMappings = [new IdMapping(0, 100000, 65536)],
                GidMappings = [new IdMapping(0, 100000, 65536)],
            },
        };
        using var bundle = new TempDirectory("sandbox-spec");
        File.WriteAllText(bundle.Combine("config.json"), RuntimeSpecFactory.ToJson(spec));
        var start = new System.Diagnostics.ProcessStartInfo(SandboxHelper.Locate()) { RedirectStandardOutput = true };
        start.ArgumentList.Add("run");
        start.ArgumentList.Add(bundle.Path);
        using var helper = System.Diagnostics.Process.Start(start)!;

        Assert.Equal("ready", helper.StandardOutput.ReadLine());
        helper.Kill();
        helper.WaitForExit();
        // EOF once every holder of the pipe is gone; a surviving sleeper would hold it forever.
        var rest = helper.StandardOutput.ReadToEndAsync();
        Assert.True(rest.Wait(TimeSpan.FromSeconds(30)), "the container's processes outlived the SIGKILLed helper");

        Assert.Empty(HostProcesses.WithCommandLine("sleep\0" + marker));
    }

    [RootFact]
    public void A_cpu_quota_lands_in_the_runs_cgroup_and_the_cgroup_is_removed()
    {
        var spec = Spec("sh", "-c", "cat /proc/self/cgroup");
        spec = spec with { Linux = spec.Linux with { Resources = new LinuxResources(Cpu: new CpuResources(20000, 100000)) } };

        var (code, stdout, stderr) = Run(spec);

        Assert.True(code == 0, stderr);
        // cgroup v1: the cpu line; v2: the unified "0::" line.
        var line = Assert.Single(stdout.Split('\n'), l => l.Contains("/builder/sandbox-", StringComparison.Ordinal));
        Assert.Matches("^[0-9]+:(cpu|cpu,cpuacct|cpuacct,cpu|):/", line);
        var path = line[(line.IndexOf(":/", StringComparison.Ordinal) + 1)..];
        Assert.False(Directory.Exists("/sys/fs/cgroup/cpu" + path) || Directory.Exists("/sys/fs/cgroup" + path));
    }

    [RootFact]
    public void An_rlimit_is_applied()
    {
        var spec = Spec("sh", "-c", "ulimit -n; ulimit -c");
        spec = spec with
        {
            Process = spec.Process with
            {
                Rlimits = [new RlimitSpec("RLIMIT_NOFILE", 321, 123), new RlimitSpec("RLIMIT_CORE", ulong.MaxValue, ulong.MaxValue)],
            },
        };

        var (code, stdout, stderr) = Run(spec);

        Assert.True(code == 0, stderr);
        Assert.Equal("123\nunlimited\n", stdout);
    }

    private RuntimeSpec Spec(params string[] args) => RuntimeSpecFactory.Create(rootfs.Request(args));

    private static (int Code, string Stdout, string Stderr) Run(RuntimeSpec spec)
    {
        using var bundle = new TempDirectory("sandbox-spec");
        File.WriteAllText(bundle.Combine("config.json"), RuntimeSpecFactory.ToJson(spec));
        return HelperConfigTests.RunHelper("run", bundle.Path);
    }
}
