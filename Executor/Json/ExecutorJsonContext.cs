using System.Text.Json.Serialization;
using Builder.Cache.Oci;
using Builder.Executor.Caching;
using Builder.Executor.Explain;
using Builder.Executor.Sandbox;

namespace Builder.Executor.Json;

/// <summary>
/// Source-generated metadata for the executor's own JSON documents (the CLI is compiled ahead of
/// time: no reflection-based serialization). One class, bound to two option sets below.
/// </summary>
[JsonSerializable(typeof(StepRecord))]
[JsonSerializable(typeof(ExplainRecord))]
[JsonSerializable(typeof(RuntimeSpec))]
[JsonSerializable(typeof(RegistryCacheConfig))]
internal sealed partial class ExecutorJsonContext : JsonSerializerContext
{
    /// <summary>Store records: <see cref="OciJson"/>'s configuration, so they read and write like the OCI documents beside them.</summary>
    public static ExecutorJsonContext Records { get; } = new(OciJson.NewOptions());
}
