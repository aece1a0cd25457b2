using Builder.Cache.Context;
using Xunit;

namespace Builder.Cache.Tests.Context;

public sealed class ContextMemoTests : IDisposable
{
    private readonly ContextTree _tree = new();

    public ContextMemoTests()
    {
        _tree.File("Dockerfile", "FROM scratch\nCOPY . /app\n")
            .File("src/main.c", "int main(void) { return 0; }\n")
            .File("src/util.c", "void util(void) {}\n")
            .File("assets/logo.bin", new string('x', 200_000))
            .Link("latest", "src");
    }

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void A_rebuild_with_no_change_reads_no_file_content()
    {
        var first = _tree.Hasher();
        var cold = first.Snapshot();
        Assert.Equal(ContextMemoState.Missing, first.Statistics.Memo);
        Assert.Equal(4, first.Statistics.FilesHashed);
        Assert.Equal(4, first.Statistics.FilesOpened);
        Assert.True(first.Statistics.BytesRead > 200_000);

        var second = _tree.Hasher();
        var warm = second.Snapshot();

        Assert.Equal(ContextMemoState.Loaded, second.Statistics.Memo);
        Assert.Equal(0, second.Statistics.FilesOpened);
        Assert.Equal(0, second.Statistics.BytesRead);
        Assert.Equal(0, second.Statistics.FilesHashed);
        Assert.Equal(4, second.Statistics.MemoHits);
        Assert.Equal(cold.Entries.AsEnumerable(), warm.Entries);
        Assert.Equal(cold.Digest, warm.Digest);
    }

    [Fact]
    public void The_memo_lives_under_the_store_and_leaves_no_temporary_file()
    {
        _ = _tree.Hasher().Snapshot();

        var memo = Assert.Single(Directory.GetFiles(_tree.Store.ContextMemo));
        Assert.Equal(ContextMemo.PathFor(_tree.Store, _tree.Root), memo);
        Assert.Matches("^[0-9a-f]{64}\\.bin$", Path.GetFileName(memo));
        Assert.Empty(Directory.GetFiles(_tree.Store.Temp));
    }

    [Fact]
    public void Touching_a_file_rereads_only_that_file_and_its_hash_is_unchanged()
    {
        var before = _tree.Hasher().Snapshot();
        File.SetLastWriteTimeUtc(_tree.Full("src/main.c"), DateTime.UtcNow.AddMinutes(-5));

        var hasher = _tree.Hasher();
        var after = hasher.Snapshot();

        Assert.Equal(1, hasher.Statistics.FilesHashed);
        Assert.Equal(1, hasher.Statistics.FilesOpened);
        Assert.Equal(new FileInfo(_tree.Full("src/main.c")).Length, hasher.Statistics.BytesRead);
        Assert.Equal(3, hasher.Statistics.MemoHits);
        Assert.Equal(before.Find("src/main.c")!.ContentHash, after.Find("src/main.c")!.ContentHash);
        Assert.Equal(before.Digest, after.Digest);

        var third = _tree.Hasher();
        _ = third.Snapshot();
        Assert.Equal(0, third.Statistics.BytesRead); // the touched file is memoized again
    }

    [Fact]
    public void An_edit_that_keeps_size_and_mtime_is_caught_by_ctime()
    {
        var path = _tree.Full("src/util.c");
        var mtime = new DateTime(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc); // whole seconds: restored exactly
        File.SetLastWriteTimeUtc(path, mtime);
        var before = _tree.Hasher().Snapshot();
        Thread.Sleep(20); // let the ctime tick
        File.WriteAllText(path, "void UTIL(void) {}\n");
        File.SetLastWriteTimeUtc(path, mtime);

        var hasher = _tree.Hasher();
        var after = hasher.Snapshot();

        Assert.Equal(1, hasher.Statistics.FilesHashed);
        Assert.Equal(ContextTree.HashOf("void UTIL(void) {}\n"), after.Find("src/util.c")!.ContentHash);
        Assert.NotEqual(before.Digest, after.Digest);
    }

    [Fact]
    public void A_replaced_file_with_the_same_stamps_but_a_new_inode_is_reread()
    {
        _ = _tree.Hasher().Snapshot();
        var path = _tree.Full("Dockerfile");
        var temp = path + ".new";
        File.WriteAllText(temp, "FROM scratch\nCOPY . /app\n");
        File.Move(temp, path, overwrite: true);

        var hasher = _tree.Hasher();
        _ = hasher.Snapshot();

        Assert.Equal(1, hasher.Statistics.FilesHashed);
    }

    [Fact]
    public void Files_written_just_before_the_walk_are_hashed_but_not_memoized()
    {
        // Racy clean: a second write in the same timestamp tick would keep every stamp.
        var racy = _tree.Hasher(racyWindow: TimeSpan.FromHours(1));
        _ = racy.Snapshot();
        Assert.Equal(4, racy.Statistics.FilesHashed);

        var again = _tree.Hasher(racyWindow: TimeSpan.FromHours(1));
        _ = again.Snapshot();
        Assert.Equal(4, again.Statistics.FilesHashed);
        Assert.Equal(0, again.Statistics.MemoHits);
    }

    [Fact]
    public void Deleted_and_excluded_files_leave_the_memo()
    {
        _ = _tree.Hasher().Snapshot();
        File.Delete(_tree.Full("src/util.c"));
        _ = _tree.Hasher(new ContextFilter((p, _) => p == "assets")).Snapshot();

        var memo = ContextMemo.Load(_tree.Store, _tree.Root);
        Assert.Equal(ContextMemoState.Loaded, memo.State);
        var hasher = _tree.Hasher();
        _ = hasher.Snapshot();
        Assert.Equal(2, hasher.Statistics.MemoHits); // Dockerfile, src/main.c
        Assert.Equal(1, hasher.Statistics.FilesHashed); // assets/logo.bin was dropped with its exclusion
    }

    [Fact]
    public void Without_a_store_every_walk_reads_everything()
    {
        _ = _tree.Hasher(memo: false).Snapshot();
        var hasher = _tree.Hasher(memo: false);
        _ = hasher.Snapshot();
        Assert.Equal(ContextMemoState.Disabled, hasher.Statistics.Memo);
        Assert.Equal(4, hasher.Statistics.FilesHashed);
        Assert.False(Directory.Exists(_tree.Store.ContextMemo));
    }

    [Fact]
    public void An_abandoned_walk_keeps_the_previous_memo()
    {
        _ = _tree.Hasher().Snapshot();
        var memoFile = ContextMemo.PathFor(_tree.Store, _tree.Root);
        var bytes = File.ReadAllBytes(memoFile);

        File.SetLastWriteTimeUtc(_tree.Full("Dockerfile"), DateTime.UtcNow.AddDays(-1));
        _ = _tree.Hasher().Walk().Take(1).ToList();

        Assert.Equal(bytes, File.ReadAllBytes(memoFile));
    }
}
