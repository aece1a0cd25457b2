using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace Builder.Cache.Oci;

/// <summary>
/// The image configuration blob (OCI image spec "config" plus the Docker fields BuildKit writes:
/// Healthcheck, OnBuild, Shell, ArgsEscaped). Maps are sorted so the JSON, and so the digest,
/// is the same for the same content.
/// </summary>
public sealed record ImageConfig
{
    [JsonPropertyName("created")]
    public DateTimeOffset? Created { get; init; }

    [JsonPropertyName("author")]
    public string? Author { get; init; }

    [JsonPropertyName("architecture")]
    public string Architecture { get; init; } = "amd64";

    [JsonPropertyName("os")]
    public string Os { get; init; } = "linux";

    [JsonPropertyName("os.version")]
    public string? OsVersion { get; init; }

    [JsonPropertyName("variant")]
    public string? Variant { get; init; }

    [JsonPropertyName("config")]
    public ContainerConfig Config { get; init; } = new();

    [JsonPropertyName("rootfs")]
    public RootFs RootFs { get; init; } = new("layers", ImmutableArray<Digest>.Empty);

    [JsonPropertyName("history")]
    public ImmutableArray<HistoryEntry> History { get; init; } = ImmutableArray<HistoryEntry>.Empty;

    [JsonIgnore]
    public Platform Platform => new(Architecture, Os) { Variant = Variant, OsVersion = OsVersion };
}

/// <summary>The <c>config</c> object: how a container of this image runs.</summary>
public sealed record ContainerConfig
{
    [JsonPropertyName("User")]
    public string? User { get; init; }

    [JsonPropertyName("ExposedPorts")]
    public ImmutableSortedDictionary<string, EmptyObject>? ExposedPorts { get; init; }

    [JsonPropertyName("Env")]
    public ImmutableArray<string>? Env { get; init; }

    [JsonPropertyName("Entrypoint")]
    public ImmutableArray<string>? Entrypoint { get; init; }

    [JsonPropertyName("Cmd")]
    public ImmutableArray<string>? Cmd { get; init; }

    [JsonPropertyName("Healthcheck")]
    public HealthConfig? Healthcheck { get; init; }

    [JsonPropertyName("ArgsEscaped")]
    public bool? ArgsEscaped { get; init; }

    [JsonPropertyName("Volumes")]
    public ImmutableSortedDictionary<string, EmptyObject>? Volumes { get; init; }

    [JsonPropertyName("WorkingDir")]
    public string? WorkingDir { get; init; }

    [JsonPropertyName("Labels")]
    public ImmutableSortedDictionary<string, string>? Labels { get; init; }

    [JsonPropertyName("StopSignal")]
    public string? StopSignal { get; init; }

    [JsonPropertyName("OnBuild")]
    public ImmutableArray<string>? OnBuild { get; init; }

    [JsonPropertyName("Shell")]
    public ImmutableArray<string>? Shell { get; init; }

    /// <summary>The value of <paramref name="name"/> in <see cref="Env"/>, or null.</summary>
    public string? GetEnv(string name)
    {
        if (Env is not { } env)
        {
            return null;
        }

        string prefix = name + "=";
        foreach (var entry in env)
        {
            if (entry.StartsWith(prefix, StringComparison.Ordinal))
            {
                return entry.Substring(prefix.Length);
            }
        }

        return null;
    }
}

/// <summary>Docker's health check, durations in nanoseconds as Docker stores them.</summary>
public sealed record HealthConfig
{
    [JsonPropertyName("Test")]
    public ImmutableArray<string>? Test { get; init; }

    [JsonPropertyName("Interval")]
    public long? Interval { get; init; }

    [JsonPropertyName("Timeout")]
    public long? Timeout { get; init; }

    [JsonPropertyName("StartPeriod")]
    public long? StartPeriod { get; init; }

    [JsonPropertyName("StartInterval")]
    public long? StartInterval { get; init; }

    [JsonPropertyName("Retries")]
    public int? Retries { get; init; }

    public static long ToNanoseconds(TimeSpan value) => value.Ticks * 100;
}

public sealed record RootFs(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("diff_ids")] ImmutableArray<Digest> DiffIds);

public sealed record HistoryEntry
{
    [JsonPropertyName("created")]
    public DateTimeOffset? Created { get; init; }

    [JsonPropertyName("created_by")]
    public string? CreatedBy { get; init; }

    [JsonPropertyName("author")]
    public string? Author { get; init; }

    [JsonPropertyName("comment")]
    public string? Comment { get; init; }

    [JsonPropertyName("empty_layer")]
    public bool? EmptyLayer { get; init; }
}

/// <summary>The <c>{}</c> values of ExposedPorts and Volumes.</summary>
public sealed record EmptyObject
{
    public static EmptyObject Instance { get; } = new();
}
