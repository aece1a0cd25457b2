using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace Builder.Executor.Sandbox;

// The subset of the OCI runtime-spec (config.json) that builder-sandbox reads, with the spec's
// field names, so `runc run` accepts the same bundle. Null members are left out of the JSON.

/// <summary>An OCI runtime-spec <c>config.json</c>.</summary>
public sealed record RuntimeSpec(
    [property: JsonPropertyName("ociVersion")] string OciVersion,
    [property: JsonPropertyName("process")] ProcessSpec Process,
    [property: JsonPropertyName("root")] RootSpec Root,
    [property: JsonPropertyName("hostname")] string? Hostname,
    [property: JsonPropertyName("mounts")] ImmutableArray<RuntimeMount> Mounts,
    [property: JsonPropertyName("linux")] LinuxSpec Linux);

/// <summary><c>process</c>: the command and the identity, capabilities and limits it runs with.</summary>
public sealed record ProcessSpec(
    [property: JsonPropertyName("terminal")] bool Terminal,
    [property: JsonPropertyName("user")] UserSpec User,
    [property: JsonPropertyName("args")] ImmutableArray<string> Args,
    [property: JsonPropertyName("env")] ImmutableArray<string> Env,
    [property: JsonPropertyName("cwd")] string Cwd,
    [property: JsonPropertyName("capabilities")] CapabilitySets? Capabilities,
    [property: JsonPropertyName("rlimits")] ImmutableArray<RlimitSpec>? Rlimits,
    [property: JsonPropertyName("noNewPrivileges")] bool NoNewPrivileges);

/// <summary><c>process.user</c>: numeric ids only (names are resolved before, from the image's /etc files).</summary>
public sealed record UserSpec(
    [property: JsonPropertyName("uid")] uint Uid,
    [property: JsonPropertyName("gid")] uint Gid,
    [property: JsonPropertyName("umask")] uint? Umask = null,
    [property: JsonPropertyName("additionalGids")] ImmutableArray<uint>? AdditionalGids = null);

/// <summary><c>process.capabilities</c>: lists of <c>CAP_</c> names.</summary>
public sealed record CapabilitySets(
    [property: JsonPropertyName("bounding")] ImmutableArray<string> Bounding,
    [property: JsonPropertyName("effective")] ImmutableArray<string> Effective,
    [property: JsonPropertyName("permitted")] ImmutableArray<string> Permitted,
    [property: JsonPropertyName("inheritable")] ImmutableArray<string>? Inheritable = null,
    [property: JsonPropertyName("ambient")] ImmutableArray<string>? Ambient = null);

/// <summary>One of <c>process.rlimits</c>, e.g. <c>RLIMIT_NOFILE</c>.</summary>
public sealed record RlimitSpec(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("hard")] ulong Hard,
    [property: JsonPropertyName("soft")] ulong Soft);

/// <summary><c>root</c>: the rootfs, absolute or relative to the bundle.</summary>
public sealed record RootSpec(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("readonly")] bool Readonly);

/// <summary>One of <c>mounts</c> (named so it does not clash with the parser's RUN <c>MountSpec</c>).</summary>
public sealed record RuntimeMount(
    [property: JsonPropertyName("destination")] string Destination,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("options")] ImmutableArray<string> Options);

/// <summary><c>linux</c>: namespaces, id mappings, resources, masked and read-only paths.</summary>
public sealed record LinuxSpec(
    [property: JsonPropertyName("namespaces")] ImmutableArray<NamespaceSpec> Namespaces,
    [property: JsonPropertyName("maskedPaths")] ImmutableArray<string> MaskedPaths,
    [property: JsonPropertyName("readonlyPaths")] ImmutableArray<string> ReadonlyPaths,
    [property: JsonPropertyName("resources")] LinuxResources? Resources = null,
    [property: JsonPropertyName("cgroupsPath")] string? CgroupsPath = null,
    [property: JsonPropertyName("uidMappings")] ImmutableArray<IdMapping>? UidMappings = null,
    [property: JsonPropertyName("gidMappings")] ImmutableArray<IdMapping>? GidMappings = null);

/// <summary>One of <c>linux.namespaces</c>: pid, mount, uts, ipc, network, user, cgroup.</summary>
public sealed record NamespaceSpec([property: JsonPropertyName("type")] string Type);

/// <summary>One of <c>linux.uidMappings</c>/<c>gidMappings</c>.</summary>
public sealed record IdMapping(
    [property: JsonPropertyName("containerID")] uint ContainerId,
    [property: JsonPropertyName("hostID")] uint HostId,
    [property: JsonPropertyName("size")] uint Size);

/// <summary><c>linux.resources</c>: the limits builder-sandbox applies through a cgroup.</summary>
public sealed record LinuxResources(
    [property: JsonPropertyName("memory")] MemoryResources? Memory = null,
    [property: JsonPropertyName("cpu")] CpuResources? Cpu = null,
    [property: JsonPropertyName("pids")] PidsResources? Pids = null);

/// <summary><c>linux.resources.memory</c> in bytes; <c>swap</c> is memory + swap, as in runc.</summary>
public sealed record MemoryResources(
    [property: JsonPropertyName("limit")] long Limit,
    [property: JsonPropertyName("swap")] long? Swap = null);

/// <summary><c>linux.resources.cpu</c>: <c>quota</c> microseconds per <c>period</c>.</summary>
public sealed record CpuResources(
    [property: JsonPropertyName("quota")] long Quota,
    [property: JsonPropertyName("period")] ulong Period);

/// <summary><c>linux.resources.pids</c>: the most processes (and threads) at once.</summary>
public sealed record PidsResources([property: JsonPropertyName("limit")] long Limit);
