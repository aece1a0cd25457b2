using System.Text.Json;
using Builder.Executor.Sandbox;
using Builder.TestKit;
using Xunit;

namespace Builder.Executor.Tests.Sandbox;

public sealed class RuntimeSpecFactoryTests
{
    [Fact]
    public void A_default_run_gets_Docker_capabilities_runc_masked_paths_and_all_namespaces()
    {
        var request = new SandboxRequest("rootfs", ["/bin/sh", "-c", "echo hi"])
        {
            Env = ["HOME=/root"],
            Cwd = "/work",
        };

        Verify("default-run", RuntimeSpecFactory.ToJson(RuntimeSpecFactory.Create(request)));
    }

    [Fact]
    public void Limits_user_host_network_and_extra_mounts_are_written_with_the_spec_field_names()
    {
        var request = new SandboxRequest("/var/lib/rootfs", ["make", "all"])
        {
            Env = ["PATH=/usr/bin:/bin", "CC=gcc"],
            Uid = 1000,
            Gid = 100,
            AdditionalGids = [10, 20],
            Hostname = "step-7",
            HostNetwork = true,
            ReadonlyRootfs = true,
            Mounts = [new RuntimeMount("/src", "bind", "/home/me/src", ["rbind", "ro"])],
            Resources = new LinuxResources(new MemoryResources(64 << 20, 64 << 20), new CpuResources(50000, 100000), new PidsResources(64)),
            Rlimits = [new RlimitSpec("RLIMIT_NOFILE", 1024, 1024)],
        };

        Verify("limits-host-network", RuntimeSpecFactory.ToJson(RuntimeSpecFactory.Create(request)));
    }

    [Fact]
    public void Docker_default_capabilities_are_its_fourteen()
    {
        // CapBnd 00000000a80425fb in `docker run busybox grep Cap /proc/self/status`.
        Assert.Equal(14, RuntimeSpecDefaults.Capabilities.Length);
        Assert.DoesNotContain("CAP_SYS_ADMIN", RuntimeSpecDefaults.Capabilities);
    }

    [Fact]
    public void A_request_without_a_command_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RuntimeSpecFactory.Create(new SandboxRequest("rootfs", [])));
    }

    [Fact]
    public void The_json_round_trips_through_the_records()
    {
        var spec = RuntimeSpecFactory.Create(new SandboxRequest("rootfs", ["true"]) { Resources = new LinuxResources(Pids: new PidsResources(5)) });
        var back = JsonSerializer.Deserialize<RuntimeSpec>(RuntimeSpecFactory.ToJson(spec))!;
        Assert.Equal(RuntimeSpecFactory.ToJson(spec), RuntimeSpecFactory.ToJson(back));
    }

    private static void Verify(string name, string json) =>
        Golden.Verify(Path.Combine(RepoPaths.Fixtures, "sandbox", name, "config.json"), json);
}
