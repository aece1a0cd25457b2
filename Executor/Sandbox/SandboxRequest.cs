using System.Collections.Immutable;

namespace Builder.Executor.Sandbox;

/// <summary>
/// One command to run in the sandbox: a prepared root file system (an overlay mount or a plain
/// directory) and the process. Everything not given takes Docker's default (<see cref="RuntimeSpecDefaults"/>).
/// </summary>
public sealed record SandboxRequest(string RootfsPath, ImmutableArray<string> Args)
{
    /// <summary>KEY=VALUE pairs; PATH is Docker's default when none is given.</summary>
    public ImmutableArray<string> Env { get; init; } = [];

    public string Cwd { get; init; } = "/";

    public uint Uid { get; init; }

    public uint Gid { get; init; }

    public ImmutableArray<uint> AdditionalGids { get; init; } = [];

    /// <summary>The container's hostname; Docker's RUN uses the step's container id, "buildkitsandbox" in BuildKit.</summary>
    public string Hostname { get; init; } = "buildkitsandbox";

    /// <summary>RUN --network=host: the host's network namespace instead of one with only <c>lo</c>.</summary>
    public bool HostNetwork { get; init; }

    public bool ReadonlyRootfs { get; init; }

    /// <summary>Extra mounts after the defaults (RUN --mount binds, caches, secrets), in order.</summary>
    public ImmutableArray<RuntimeMount> Mounts { get; init; } = [];

    /// <summary>Memory, CPU and pids limits through a cgroup; null: none.</summary>
    public LinuxResources? Resources { get; init; }

    public ImmutableArray<RlimitSpec> Rlimits { get; init; } = [];

    /// <summary>Capabilities of the process; Docker's default set when not given.</summary>
    public ImmutableArray<string>? Capabilities { get; init; }
}
