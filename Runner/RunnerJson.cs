using System.Text.Json.Serialization;
using Builder.Executor.Sandbox;
using Builder.Runner.Containers;
using Builder.Runner.Health;

namespace Builder.Runner;

/// <summary>
/// The JSON the runner reads and writes, by source generation (no reflection, so it works under
/// Native AOT): <c>state.json</c>, a container's <c>config.json</c> (read back for exec), the
/// process files given to <c>builder-sandbox exec</c>, and <c>health.json</c>.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, WriteIndented = true)]
[JsonSerializable(typeof(ContainerState))]
[JsonSerializable(typeof(RuntimeSpec))]
[JsonSerializable(typeof(ProcessSpec))]
[JsonSerializable(typeof(HealthState))]
internal sealed partial class RunnerJson : JsonSerializerContext;
