using Builder.Executor.Sandbox;
using Builder.Runner.Exec;
using Builder.Runner.Health;
using Builder.Runner.Launch;
using Xunit;

namespace Builder.Runner.Tests.Exec;

/// <summary>The exec's process file and the helper and shim command lines, without root.</summary>
public sealed class ExecProcessTests : IDisposable
{
    private static readonly ProcessSpec Container = new(
        Terminal: false,
        User: new UserSpec(0, 0),
        Args: ["sleep", "600"],
        Env: ["PATH=/bin", "A=from-container", "B=2"],
        Cwd: "/srv",
        Capabilities: new CapabilitySets(["CAP_KILL"], ["CAP_KILL"], ["CAP_KILL"]),
        Rlimits: [new RlimitSpec("RLIMIT_NOFILE", 1024, 1024)],
        NoNewPrivileges: true);

    private readonly string _rootfs = Directory.CreateTempSubdirectory().FullName;

    public ExecProcessTests()
    {
        Directory.CreateDirectory(Path.Combine(_rootfs, "etc"));
        File.WriteAllText(Path.Combine(_rootfs, "etc", "passwd"), "root:x:0:0::/root:/bin/sh\napp:x:1000:1001::/home/app:/bin/sh\n");
        File.WriteAllText(Path.Combine(_rootfs, "etc", "group"), "root:x:0:\napp:x:1001:\nextra:x:2000:app\n");
    }

    public void Dispose() => Directory.Delete(_rootfs, recursive: true);

    [Fact]
    public void The_command_replaces_the_containers_and_everything_else_is_kept()
    {
        var options = new ExecOptions(["ps", "-ef"]);
        var process = ExecProcess.Create(Container, options, _rootfs, _ => null);
        Assert.Equal(Container with { Args = options.Command, Env = process.Env }, process);
        Assert.Equal(Container.Env.ToArray(), process.Env.ToArray());
    }

    [Fact]
    public void Env_workdir_user_and_tty_options_apply()
    {
        var process = ExecProcess.Create(
            Container,
            new ExecOptions(["sh"]) { Env = ["A=from-exec", "C=3", "HOSTVAR"], WorkingDir = "/tmp", User = "app", Tty = true },
            _rootfs,
            name => name == "HOSTVAR" ? "h" : null);
        Assert.Equal(["PATH=/bin", "A=from-exec", "B=2", "C=3", "HOSTVAR=h"], process.Env.ToArray());
        Assert.Equal("/tmp", process.Cwd);
        Assert.Equal((1000u, 1001u), (process.User.Uid, process.User.Gid));
        Assert.Equal([2000u], process.User.AdditionalGids!.Value.ToArray());
        Assert.True(process.Terminal);
        Assert.Equal(Container.Capabilities, process.Capabilities);
        Assert.True(process.NoNewPrivileges);
    }

    [Fact]
    public void Mistakes_say_what_to_write()
    {
        Assert.Contains("builder exec CONTAINER sh", Assert.Throws<RunnerException>(() => ExecProcess.Create(Container, new ExecOptions([]), _rootfs, _ => null)).Message);
        Assert.Contains("-w a path from /", Assert.Throws<RunnerException>(() => ExecProcess.Create(Container, new ExecOptions(["sh"]) { WorkingDir = "rel" }, _rootfs, _ => null)).Message);
        Assert.Contains("numeric -u UID[:GID]", Assert.Throws<RunnerException>(() => ExecProcess.Create(Container, new ExecOptions(["sh"]) { User = "nosuch" }, _rootfs, _ => null)).Message);
    }

    [Fact]
    public void Helper_and_shim_command_lines()
    {
        Assert.Equal(["exec", "42", "/c/exec.json"], ExecProcess.HelperArguments(42, "/c/exec.json").ToArray());
        Assert.Equal(["exec", "--timeout", "1500", "42", "/c/h.json"], ExecProcess.HelperArguments(42, "/c/h.json", TimeSpan.FromMilliseconds(1500)).ToArray());
        Assert.Equal(["attach", "/bin/helper", "run", "/b"], ShimArguments.Attach("/bin/helper", ["run", "/b"]).ToArray());
        Assert.Equal(["detach", "/s", "/bin/helper", "/b"], ShimArguments.Detach("/s", "/bin/helper", "/b", remove: false, health: null).ToArray());
        var health = new HealthcheckPlan(["true"], TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.Zero, TimeSpan.FromSeconds(5), 3);
        Assert.Equal(["detach", "--rm", "--health", "1000,2000,0,5000,3", "/s", "/bin/helper", "/b"], ShimArguments.Detach("/s", "/bin/helper", "/b", remove: true, health).ToArray());
    }
}
