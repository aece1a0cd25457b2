using Builder.Cache.Layers;

namespace Builder.Cache.Images.Import;

/// <summary>
/// Writes a directory as the deterministic layer tar of <see cref="LayerWriter"/>: sorted entries,
/// numeric owners, hardlinks, xattrs, and mtimes clamped to <see cref="SourceDateEpoch"/> when set.
/// </summary>
public sealed class LayerTarRootfsWriter : IRootfsTarWriter
{
    public LayerTarRootfsWriter(DateTimeOffset? sourceDateEpoch = null)
    {
        SourceDateEpoch = sourceDateEpoch;
    }

    public DateTimeOffset? SourceDateEpoch { get; }

    public Task WriteAsync(string directory, Stream destination, CancellationToken cancellationToken)
    {
        // The tree walk and tar writer are synchronous and streaming; the sink compresses as it goes.
        LayerTar.Write(LayerSource.Directory(directory), destination, SourceDateEpoch, cancellationToken);
        return Task.CompletedTask;
    }
}
