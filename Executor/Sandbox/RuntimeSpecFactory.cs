using System.Collections.Immutable;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Builder.Executor.Json;

namespace Builder.Executor.Sandbox;

/// <summary>Turns a <see cref="SandboxRequest"/> into the <c>config.json</c> both builder-sandbox and runc run.</summary>
public static class RuntimeSpecFactory
{
    private static readonly ExecutorJsonContext Json = new(new JsonSerializerOptions
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Keep '+', '<', '&' and non-ASCII readable in the file; the helper's parser reads any escape.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public static RuntimeSpec Create(SandboxRequest request)
    {
        ArgumentOutOfRangeException.ThrowIfZero(request.Args.Length, nameof(request.Args));
        var env = request.Env.Any(e => e.StartsWith("PATH=", StringComparison.Ordinal))
            ? request.Env
            : request.Env.Insert(0, RuntimeSpecDefaults.Path);
        var caps = request.Capabilities ?? RuntimeSpecDefaults.Capabilities;
        var process = new ProcessSpec(
            Terminal: false,
            User: new UserSpec(request.Uid, request.Gid, AdditionalGids: request.AdditionalGids.IsEmpty ? null : request.AdditionalGids),
            Args: request.Args,
            Env: env,
            Cwd: request.Cwd,
            Capabilities: new CapabilitySets(caps, caps, caps),
            Rlimits: request.Rlimits.IsEmpty ? null : request.Rlimits,
            NoNewPrivileges: true);
        var linux = new LinuxSpec(
            Namespaces: [.. RuntimeSpecDefaults.Namespaces(request.HostNetwork).Select(n => new NamespaceSpec(n))],
            MaskedPaths: RuntimeSpecDefaults.MaskedPaths,
            ReadonlyPaths: RuntimeSpecDefaults.ReadonlyPaths,
            Resources: request.Resources);
        return new RuntimeSpec(
            RuntimeSpecDefaults.OciVersion,
            process,
            new RootSpec(request.RootfsPath, request.ReadonlyRootfs),
            request.Hostname,
            RuntimeSpecDefaults.Mounts.AddRange(request.Mounts),
            linux);
    }

    public static string ToJson(RuntimeSpec spec) => JsonSerializer.Serialize(spec, Json.RuntimeSpec) + "\n";
}
