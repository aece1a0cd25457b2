using Builder.Cache.Oci;

namespace Builder.Cache.Layers;

/// <summary>How layers are written.</summary>
public sealed record LayerWriterOptions
{
    public static LayerWriterOptions Default { get; } = new();

    /// <summary>gzip (the default, readable everywhere), zstd, or none.</summary>
    public LayerCompression Compression { get; init; } = LayerCompression.Gzip;

    /// <summary>gzip 1–9 (default 6, as BuildKit and <c>gzip</c>); zstd 1–19 (default 3, as <c>zstd</c>).</summary>
    public int? CompressionLevel { get; init; }

    /// <summary>
    /// When set, no entry's mtime is later than this (SOURCE_DATE_EPOCH, reproducible builds);
    /// earlier mtimes are kept. Whole seconds.
    /// </summary>
    public DateTimeOffset? SourceDateEpoch { get; init; }

    /// <summary>
    /// Threads compression may use, shared by the layers of one <see cref="LayerWriter.WriteAllAsync"/>
    /// call. The compressed bytes do not depend on it.
    /// </summary>
    public int MaxParallelism { get; init; } = Environment.ProcessorCount;

    public int EffectiveLevel => CompressionLevel ?? (Compression == LayerCompression.Zstd ? 3 : 6);

    internal void Validate()
    {
        var (min, max) = Compression == LayerCompression.Zstd ? (1, 19) : (1, 9);
        if (Compression != LayerCompression.None && (EffectiveLevel < min || EffectiveLevel > max))
        {
            throw new ArgumentOutOfRangeException(nameof(CompressionLevel), EffectiveLevel, $"{Compression} compression levels go from {min} to {max}.");
        }

        if (MaxParallelism < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxParallelism), MaxParallelism, "At least one thread is needed.");
        }
    }
}
