using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace Builder.Runner.Containers;

/// <summary>What <c>ROOT/containers/&lt;id&gt;/state.json</c> records when a container is created; it never changes afterwards.</summary>
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
    [property: JsonPropertyName("MemoryLimit")] long? MemoryLimit = null);

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
    /// <summary>docker ps's STATUS column.</summary>
    public string StatusText(DateTimeOffset now) => Phase switch
    {
        ContainerPhase.Running => "Up " + Ago(now - State.Created),
        ContainerPhase.Exited => $"Exited ({ExitCode}) " + Ago(now - (Finished ?? State.Created)) + " ago",
        _ => "Created",
    };

    private static string Ago(TimeSpan span) => span.TotalSeconds < 60 ? $"{Math.Max(0, (int)span.TotalSeconds)} seconds"
        : span.TotalMinutes < 60 ? $"{(int)span.TotalMinutes} minutes"
        : span.TotalHours < 48 ? $"{(int)span.TotalHours} hours"
        : $"{(int)span.TotalDays} days";
}
