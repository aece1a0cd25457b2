using System.IO.Compression;
using System.Security.Cryptography;
using Builder.Cache.Layers;
using Builder.Cache.Layers.Compression;
using Builder.Cache.Oci;
using Builder.Cache.Tests.Layers.Support;
using Builder.TestKit;
using Xunit;

namespace Builder.Cache.Tests.Layers.Compression;

public sealed class CompressionTests : IDisposable
{
    private readonly TempDirectory _dir = new("builder-compression");

    public void Dispose() => _dir.Dispose();

    /// <summary>About 6 MiB, half text-like, half random: several gzip chunks.</summary>
    private static byte[] MixedData(int seed = 42)
    {
        var random = new Random(seed);
        var data = new byte[6 << 20];
        random.NextBytes(data.AsSpan(0, 3 << 20));
        var words = new[] { "layer ", "image ", "tar ", "digest ", "compress ", "\n" };
        int at = 3 << 20;
        while (at < data.Length)
        {
            var word = words[random.Next(words.Length)];
            for (int i = 0; i < word.Length && at < data.Length; i++)
            {
                data[at++] = (byte)word[i];
            }
        }

        return data;
    }

    private static byte[] Compress(byte[] data, LayerCompression compression, int threads, int? level = null)
    {
        using var output = new MemoryStream();
        using (var compressor = LayerStreams.OpenCompressor(output, compression, level ?? (compression == LayerCompression.Zstd ? 3 : 6), threads)!)
        {
            // Uneven writes, as the tar writer's are not chunk-aligned either.
            for (int at = 0; at < data.Length;)
            {
                int n = Math.Min(data.Length - at, 100_000 + (at % 7919));
                compressor.Write(data, at, n);
                at += n;
            }

            compressor.Complete();
        }

        return output.ToArray();
    }

    private static byte[] Decompress(byte[] blob, LayerCompression compression)
    {
        using var input = LayerStreams.OpenDecompressed(new MemoryStream(blob), compression);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    [Theory]
    [InlineData(LayerCompression.Gzip)]
    [InlineData(LayerCompression.Zstd)]
    public void Output_does_not_depend_on_the_number_of_threads(LayerCompression compression)
    {
        var data = MixedData();
        var one = Compress(data, compression, 1);

        Assert.Equal(one, Compress(data, compression, 2));
        Assert.Equal(one, Compress(data, compression, 4));
        Assert.Equal(data, Decompress(one, compression));
    }

    [Fact]
    public void Gzip_output_is_multi_member_and_gzip_reads_it_whole()
    {
        var data = MixedData();
        var blob = Compress(data, LayerCompression.Gzip, 2);
        var file = _dir.Combine("data.gz");
        File.WriteAllBytes(file, blob);

        // Six 1 MiB chunks, six members, each starting with the gzip magic and deflate method.
        int members = 0;
        for (int i = 0; i + 2 < blob.Length; i++)
        {
            if (blob[i] == 0x1f && blob[i + 1] == 0x8b && blob[i + 2] == 8 && (i == 0 || IsMemberEnd(blob, i)))
            {
                members++;
            }
        }

        Assert.Equal(6, members);
        Assert.Equal(Tools.Sha256Sum($"gzip -dc {Tools.Quote(file)}"), Digest.Compute(data).ToString());
        Assert.Equal(0, Tools.Run("gzip", "-t", file).ExitCode);
    }

    private static bool IsMemberEnd(byte[] blob, int at) =>
        at >= 8 && BitConverter.ToInt32(blob, at - 4) == (1 << 20);

    [Fact]
    public void Zstd_round_trips_through_the_zstd_command()
    {
        var data = MixedData(7);
        var file = _dir.Combine("data.zst");
        File.WriteAllBytes(file, Compress(data, LayerCompression.Zstd, 2, level: 5));

        Assert.Equal(Digest.Compute(data).ToString(), Tools.Sha256Sum($"zstd -dcq {Tools.Quote(file)}"));
        Assert.Equal(0, Tools.Run("zstd", "-tq", file).ExitCode);

        // And ours reads what the zstd command writes (several frames concatenated).
        var frames = _dir.Combine("frames.zst");
        Tools.Shell($"printf 'hello ' | zstd -q -c > {Tools.Quote(frames)}; printf world | zstd -q -19 -c >> {Tools.Quote(frames)}");
        Assert.Equal("hello world"u8.ToArray(), Decompress(File.ReadAllBytes(frames), LayerCompression.Zstd));
    }

    [Fact]
    public void Empty_input_still_makes_valid_compressed_streams()
    {
        foreach (var compression in new[] { LayerCompression.Gzip, LayerCompression.Zstd })
        {
            var blob = Compress([], compression, 2);
            Assert.NotEmpty(blob);
            Assert.Empty(Decompress(blob, compression));
        }
    }

    [Fact]
    public void A_truncated_zstd_stream_is_an_error_not_a_short_read()
    {
        var blob = Compress(MixedData(), LayerCompression.Zstd, 1);

        Assert.Throws<InvalidDataException>(() => Decompress(blob[..(blob.Length / 2)], LayerCompression.Zstd));
        Assert.Throws<InvalidDataException>(() => Decompress([], LayerCompression.Zstd));
        Assert.Throws<InvalidDataException>(() => Decompress("not zstd at all"u8.ToArray(), LayerCompression.Zstd));
    }

    [Fact]
    public void OpenDecompressed_follows_the_media_type()
    {
        var data = MixedData(3)[..100_000];
        using var gzipped = new MemoryStream();
        using (var gzip = new GZipStream(gzipped, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }

        Assert.Equal(data, Read(LayerStreams.OpenDecompressed(new MemoryStream(gzipped.ToArray()), MediaTypes.DockerLayerGzip)));
        Assert.Equal(data, Read(LayerStreams.OpenDecompressed(new MemoryStream(data), MediaTypes.OciLayer)));
        Assert.Equal(data, Read(LayerStreams.OpenDecompressed(new MemoryStream(Compress(data, LayerCompression.Zstd, 1)), MediaTypes.OciLayerZstd)));

        static byte[] Read(Stream s)
        {
            using (s)
            {
                using var copy = new MemoryStream();
                s.CopyTo(copy);
                return copy.ToArray();
            }
        }
    }

    [Fact]
    public void The_hashing_stream_gives_the_sha256_of_what_passed()
    {
        var data = MixedData(9)[..300_000];
        using var sink = new MemoryStream();
        using var hashing = new HashingStream(sink);
        hashing.Write(data.AsSpan(0, 1000));
        hashing.Write(data.AsSpan(1000));

        Assert.Equal(Digest.FromHash(SHA256.HashData(data)), hashing.CurrentDigest());
        Assert.Equal(data.Length, hashing.BytesWritten);
        Assert.Equal(data, sink.ToArray());
    }
}
