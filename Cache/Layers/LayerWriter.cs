using System.Collections.Immutable;
using Builder.Cache.Content;
using Builder.Cache.Layers.Compression;
using Builder.Cache.Oci;

namespace Builder.Cache.Layers;

/// <summary>
/// Writes layers into the content store: a directory tree (<c>builder import DIR</c>) or an
/// overlay upper dir (a RUN step's diff) becomes a deterministic tar, compressed as the options
/// say and streamed straight into a <see cref="BlobWriter"/>. One pass gives both digests: the
/// diff id is hashed from the tar on its way into the compressor, the blob digest by the blob
/// writer. Nothing is held in memory but fixed buffers; a failed or cancelled write leaves
/// nothing in the store.
/// </summary>
public sealed class LayerWriter
{
    private readonly ContentStore _store;

    public LayerWriter(ContentStore store, LayerWriterOptions? options = null)
    {
        _store = store;
        Options = options ?? LayerWriterOptions.Default;
        Options.Validate();
    }

    public LayerWriterOptions Options { get; }

    /// <summary>Writes one layer, compressing on up to <see cref="LayerWriterOptions.MaxParallelism"/> threads.</summary>
    public LayerResult Write(LayerSource source, CancellationToken cancellationToken = default) =>
        Write(source, Options.MaxParallelism, cancellationToken);

    /// <summary>
    /// Writes independent layers concurrently (at most <see cref="LayerWriterOptions.MaxParallelism"/>
    /// at once, the compression threads shared between them) and returns their results in the
    /// order of <paramref name="sources"/>. The first failure cancels the rest.
    /// </summary>
    public async Task<ImmutableArray<LayerResult>> WriteAllAsync(IEnumerable<LayerSource> sources, CancellationToken cancellationToken = default)
    {
        var list = sources.ToImmutableArray();
        if (list.IsEmpty)
        {
            return [];
        }

        int concurrent = Math.Min(Options.MaxParallelism, list.Length);
        int threadsEach = Math.Max(1, Options.MaxParallelism / concurrent);
        var results = new LayerResult[list.Length];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = concurrent, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, list.Length), parallel, (i, token) =>
        {
            results[i] = Write(list[i], threadsEach, token);
            return ValueTask.CompletedTask;
        }).ConfigureAwait(false);
        return [.. results];
    }

    private LayerResult Write(LayerSource source, int threads, CancellationToken cancellationToken)
    {
        var compression = Options.Compression;
        using var blob = _store.BeginWrite();
        Digest diffId;
        long size;
        using (var compressor = LayerStreams.OpenCompressor(blob, compression, Options.EffectiveLevel, threads))
        {
            if (compressor is null)
            {
                // Uncompressed, the blob is the tar: the blob writer's own digest is the diff id
                // (hashing it twice cost a tenth of a second per 200 MB).
                LayerTar.Write(source, blob, Options.SourceDateEpoch, cancellationToken);
                diffId = blob.CurrentDigest();
                size = blob.Length;
            }
            else
            {
                using var tar = new HashingStream(compressor);
                LayerTar.Write(source, tar, Options.SourceDateEpoch, cancellationToken);
                compressor.Complete();
                diffId = tar.CurrentDigest();
                size = tar.BytesWritten;
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        var descriptor = blob.Commit(MediaTypes.OciLayerFor(compression), compression == LayerCompression.None ? diffId : null);
        return new LayerResult(descriptor, diffId, size);
    }
}
