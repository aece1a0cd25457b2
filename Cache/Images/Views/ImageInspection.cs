using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Builder.Cache.Oci;

namespace Builder.Cache.Images.Views;

/// <summary>
/// One image as <c>docker image inspect</c> shows it, with the same field names, order and null
/// conventions (<c>Env</c>, <c>Cmd</c>, <c>Entrypoint</c>, <c>OnBuild</c>, <c>Labels</c> and
/// <c>Volumes</c> are null when unset; <c>ExposedPorts</c>, <c>Healthcheck</c>, <c>StopSignal</c>
/// and <c>Shell</c> are left out), so scripts written against Docker read it unchanged.
/// </summary>
public sealed record ImageInspection(
    string Id,
    ImmutableArray<string> RepoTags,
    ImmutableArray<string> RepoDigests,
    string Parent,
    string Comment,
    string Created,
    string DockerVersion,
    string Author,
    InspectedConfig Config,
    string Architecture,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Variant,
    string Os,
    long Size,
    InspectedRootFs RootFS,
    InspectedMetadata Metadata);

public sealed record InspectedConfig
{
    public string User { get; init; } = string.Empty;

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ImmutableSortedDictionary<string, EmptyObject>? ExposedPorts { get; init; }

    public ImmutableArray<string>? Env { get; init; }

    public ImmutableArray<string>? Cmd { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public InspectedHealthcheck? Healthcheck { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? ArgsEscaped { get; init; }

    public ImmutableSortedDictionary<string, EmptyObject>? Volumes { get; init; }

    public string WorkingDir { get; init; } = string.Empty;

    public ImmutableArray<string>? Entrypoint { get; init; }

    public ImmutableArray<string>? OnBuild { get; init; }

    public ImmutableSortedDictionary<string, string>? Labels { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? StopSignal { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ImmutableArray<string>? Shell { get; init; }
}

/// <summary>Docker's health check; durations in nanoseconds, unset ones left out.</summary>
public sealed record InspectedHealthcheck(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ImmutableArray<string>? Test,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Interval,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Timeout,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? StartPeriod,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? StartInterval,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Retries);

public sealed record InspectedRootFs(string Type, ImmutableArray<Digest> Layers);

public sealed record InspectedMetadata(string LastTagTime);
