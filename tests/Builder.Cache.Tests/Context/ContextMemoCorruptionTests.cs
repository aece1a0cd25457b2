using Builder.Cache.Context;
using Xunit;

namespace Builder.Cache.Tests.Context;

public sealed class ContextMemoCorruptionTests : IDisposable
{
    private readonly ContextTree _tree = new();

    public ContextMemoCorruptionTests()
    {
        _tree.File("a", "alpha").File("dir/b", "beta").File("dir/c", new string('c', 5000));
    }

    public static TheoryData<string> Damages() => new() { "flip-entry-byte", "flip-checksum", "truncate", "empty", "garbage", "trailing-byte", "other-version", "other-context" };

    public void Dispose() => _tree.Dispose();

    [Theory]
    [MemberData(nameof(Damages))]
    public void A_damaged_memo_is_ignored_and_rebuilt(string damage)
    {
        var good = _tree.Hasher().Snapshot();
        var file = ContextMemo.PathFor(_tree.Store, _tree.Root);
        Damage(file, damage);

        var rebuild = _tree.Hasher();
        var snapshot = rebuild.Snapshot();

        Assert.Equal(ContextMemoState.Discarded, rebuild.Statistics.Memo);
        Assert.Equal(3, rebuild.Statistics.FilesHashed);
        Assert.Equal(good.Entries.AsEnumerable(), snapshot.Entries);

        var next = _tree.Hasher();
        _ = next.Snapshot();
        Assert.Equal(ContextMemoState.Loaded, next.Statistics.Memo);
        Assert.Equal(0, next.Statistics.BytesRead);
    }

    [Fact]
    public void A_memo_that_cannot_be_read_or_written_does_not_fail_the_walk()
    {
        var file = ContextMemo.PathFor(_tree.Store, _tree.Root);
        Directory.CreateDirectory(file); // neither a readable memo nor a rename target

        var hasher = _tree.Hasher();
        Assert.Equal(3, hasher.Walk().Count(e => e.Type == ContextEntryType.File));
        Assert.Equal(ContextMemoState.Discarded, hasher.Statistics.Memo);
        Assert.True(Directory.Exists(file));
        Assert.Empty(Directory.GetFiles(_tree.Store.Temp));
    }

    private void Damage(string file, string damage)
    {
        var bytes = File.ReadAllBytes(file);
        switch (damage)
        {
            case "flip-entry-byte":
                bytes[bytes.Length - 40] ^= 0x01; // inside the last entry's hash
                break;
            case "flip-checksum":
                bytes[^1] ^= 0x80;
                break;
            case "truncate":
                Array.Resize(ref bytes, bytes.Length / 2);
                break;
            case "empty":
                bytes = [];
                break;
            case "garbage":
                new Random(42).NextBytes(bytes);
                break;
            case "trailing-byte":
                Array.Resize(ref bytes, bytes.Length + 1);
                break;
            case "other-version":
                bytes[8] = 99;
                break;
            case "other-context":
                // A valid memo of another directory, under this directory's name.
                using (var other = new ContextTree())
                {
                    other.File("a", "alpha");
                    _ = new ContextHasher(other.Root, new ContextHasherOptions { Store = _tree.Store }).Snapshot();
                    bytes = File.ReadAllBytes(ContextMemo.PathFor(_tree.Store, other.Root));
                }

                break;
        }

        File.WriteAllBytes(file, bytes);
    }
}
