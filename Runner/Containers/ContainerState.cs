using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Builder.Runner.Health;

namespace Builder.Runner.Containers;

/// <summary>
/// What <c>ROOT/containers/&lt;id&gt;/state.json</c> records when a container is created; it never
/// changes afterwards. <paramref name="AutoRemove"/>: <c>-d --rm</c>, so builder-shim's monitor
/// removes the container when it exits.
/// </summary>
public sealed record ContainerState(
    [property: JsonPropertyName("Id")] string Id,
    [property: JsonPropertyName("Name")] string Name,
    [property: JsonPropertyName("Image")] string Image,
    [property: JsonPropertyName("ImageId")] string ImageId,
    [property: JsonPropertyName("Args")] ImmutableArray<string> Args,
    [property: JsonPropertyName("Created")] DateTimeOffset Created,
    [property: JsonPropertyName("Detached")] bool Detached,
    [property: JsonPropertyName("StopSignal")] string StopSignal,
    [property: JsonPropertyName("Limited")] bool Limited,
    [property: JsonPropertyName("MemoryLimit")] long? MemoryLimit = null,
    [property: JsonPropertyName("AutoRemove")] bool AutoRemove = false);

/// <summary>Where a container is in its life.</summary>
public enum ContainerPhase
{
    Created,
    Running,
    Exited,
}

/// <summary>A container as the commands show it: its record and what its pid and exit files say now.</summary>
public sealed record ContainerInfo(ContainerState State, ContainerPhase Phase, int? Pid, int? ExitCode, DateTimeOffset? Finished, bool OomKilled)
{
    /// <summary>The HEALTHCHECK status of a detached container whose image has one (see <see cref="ContainerLifecycle"/>).</summary>
    public HealthState? Health { get; init; }

    /// <summary>docker ps's STATUS column: <c>Up 5 seconds (healthy)</c>, <c>Exited (0) 2 minutes ago</c>.</summary>
    public string StatusText(DateTimeOffset now) => Phase switch
    {
        ContainerPhase.Running => "Up " + Ago(now - State.Created) + (Health is { } health ? " " + health.StatusSuffix : string.Empty),
        ContainerPhase.Exited => $"Exited ({ExitCode}) " + Ago(now - (Finished ?? State.Created)) + " ago",
        _ => "Created",
    };

    private static string Ago(TimeSpan span) => span.TotalSeconds < 60 ? $"{Math.Max(0, (int)span.TotalSeconds)} seconds"
        : span.TotalMinutes < 60 ? $"{(int)span.TotalMinutes} minutes"
        : span.TotalHours < 48 ? $"{(int)span.TotalHours} hours"
        : $"{(int)span.TotalDays} days";
}
