using Builder.Cache.Content;
using Builder.TestKit;
using Xunit;

namespace Builder.Cache.Tests.Content;

public sealed class BlobFileTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<bool, int> Sizes() => new()
    {
        { true, 0 },
        { true, 10 },
        { true, BlobFile.ChunkSize },
        { true, 2 * BlobFile.ChunkSize },
        { true, (3 * BlobFile.ChunkSize) + 4097 },
        { false, 10 },
        { false, (3 * BlobFile.ChunkSize) + 4097 },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Content_written_in_odd_pieces_is_the_file(bool tryDirect, int size)
    {
        var data = new byte[size];
        new Random(size).NextBytes(data);
        var path = _dir.Combine("blob");
        using (var file = new BlobFile(path, tryDirect))
        {
            int[] pieces = [1, 4095, BlobFile.ChunkSize, 333_333, 7];
            for (int at = 0, i = 0; at < size; i++)
            {
                int n = Math.Min(pieces[i % pieces.Length], size - at);
                file.Write(data.AsSpan(at, n));
                at += n;
            }

            file.Complete();
        }

        Assert.Equal(data, File.ReadAllBytes(path));
    }

    [Fact]
    public void A_blob_under_one_chunk_reaches_the_file_on_complete()
    {
        var path = _dir.Combine("small");
        using (var file = new BlobFile(path))
        {
            file.Write("config"u8);
            Assert.Equal(0, new FileInfo(path).Length);
            file.Complete();
        }

        Assert.Equal("config"u8.ToArray(), File.ReadAllBytes(path));
    }

    [Fact]
    public void An_existing_file_is_never_overwritten()
    {
        var path = _dir.Combine("taken");
        File.WriteAllText(path, "mine");
        Assert.Throws<IOException>(() => new BlobFile(path));
        Assert.Equal("mine", File.ReadAllText(path));
    }
}
