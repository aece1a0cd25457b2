using System.Text.Json.Serialization;

namespace Builder.Runner.Containers;

/// <summary>Source-generated metadata for the runner's state files (the CLI is compiled ahead of time: no reflection-based serialization).</summary>
[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(ContainerState))]
internal sealed partial class RunnerJsonContext : JsonSerializerContext;
