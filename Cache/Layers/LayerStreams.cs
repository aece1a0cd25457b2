using System.IO.Compression;
using Builder.Cache.Layers.Compression;
using Builder.Cache.Oci;

namespace Builder.Cache.Layers;

/// <summary>Opening layer blobs as tar streams, and the compressors the writer uses.</summary>
public static class LayerStreams
{
    /// <summary>
    /// The uncompressed tar of a layer blob. gzip blobs may have several members (ours do);
    /// zstd blobs may have several frames. Disposing the result disposes <paramref name="blob"/>.
    /// zstd needs the system libzstd (Debian's libzstd1); without it this throws
    /// <see cref="InvalidOperationException"/> saying so.
    /// </summary>
    public static Stream OpenDecompressed(Stream blob, LayerCompression compression) => compression switch
    {
        LayerCompression.None => blob,
        LayerCompression.Gzip => new GZipStream(blob, CompressionMode.Decompress),
        LayerCompression.Zstd => new ZstdDecompressStream(blob),
        _ => throw new ArgumentOutOfRangeException(nameof(compression), compression, "unknown layer compression"),
    };

    /// <summary>The same, from a layer media type.</summary>
    public static Stream OpenDecompressed(Stream blob, string mediaType) =>
        OpenDecompressed(blob, MediaTypes.CompressionOf(mediaType));

    /// <summary>
    /// A compressor writing into <paramref name="output"/>; null for <see cref="LayerCompression.None"/>.
    /// Call <see cref="CompressingStream.Complete"/> to end the stream.
    /// </summary>
    internal static CompressingStream? OpenCompressor(Stream output, LayerCompression compression, int level, int threads) => compression switch
    {
        LayerCompression.None => null,
        LayerCompression.Gzip => new ParallelGzipStream(output, level, threads),
        LayerCompression.Zstd => new ZstdCompressStream(output, level, threads),
        _ => throw new ArgumentOutOfRangeException(nameof(compression), compression, "unknown layer compression"),
    };
}
