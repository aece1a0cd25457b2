using Builder.Cache.Content;
using Builder.Cache.Oci;

namespace Builder.Executor.Caching;

/// <summary>
/// A <c>--cache-from</c> build cache (a folder or a registry artifact), looked up after the store's
/// own step index: a hit's layer is imported into the build's staging store and the record is
/// used like a new result, so it lands in the store's index when the build succeeds.
/// </summary>
internal interface IBuildCacheSource
{
    /// <summary>The record of <paramref name="key"/>, or null when this cache does not hold the step.</summary>
    StepRecord? Find(Digest key);

    /// <summary>Puts a found record's layer into <paramref name="into"/>, verified against its digest.</summary>
    Task ImportLayerAsync(StepRecord record, ContentStore into, CancellationToken ct);
}
