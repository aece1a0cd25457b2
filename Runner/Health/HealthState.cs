using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Builder.Runner.Health;

/// <summary>
/// A detached container's HEALTHCHECK status as docker inspect shows it (<c>State.Health</c>):
/// <c>starting</c>, <c>healthy</c> or <c>unhealthy</c>, the current run of failures, and the last
/// five results. builder-shim's monitor writes it to <c>ROOT/containers/&lt;id&gt;/health.json</c>.
/// </summary>
public sealed record HealthState(
    [property: JsonPropertyName("Status")] string Status,
    [property: JsonPropertyName("FailingStreak")] int FailingStreak,
    [property: JsonPropertyName("Log")] ImmutableArray<HealthResult> Log)
{
    public const string Starting = "starting";

    public const string Healthy = "healthy";

    public const string Unhealthy = "unhealthy";

    /// <summary>What docker ps appends to "Up ...": <c>(health: starting)</c>, <c>(healthy)</c>, <c>(unhealthy)</c>.</summary>
    public string StatusSuffix => Status == Starting ? "(health: starting)" : $"({Status})";

    /// <summary>The file's status, or null when there is none (no HEALTHCHECK) or it cannot be read now.</summary>
    internal static HealthState? Read(string containerDirectory)
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(Path.Combine(containerDirectory, "health.json")), RunnerJson.Default.HealthState);
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            // Missing (no HEALTHCHECK, or the container is being removed); the monitor renames
            // whole files into place, so a half-written one is never seen.
            return null;
        }
    }
}

/// <summary>One check: when it ran, its exit code (124 when it ran out of time and was killed) and up to 4 KiB of its output.</summary>
public sealed record HealthResult(
    [property: JsonPropertyName("Start")] DateTimeOffset Start,
    [property: JsonPropertyName("End")] DateTimeOffset End,
    [property: JsonPropertyName("ExitCode")] int ExitCode,
    [property: JsonPropertyName("Output")] string Output);
