using Builder.Cache.Context;
using Xunit;

namespace Builder.Cache.Tests.Context;

/// <summary>Files that change while the walk reads them.</summary>
public sealed class ContextChangeTests : IDisposable
{
    private readonly ContextTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void A_file_that_grows_while_it_is_read_is_hashed_again()
    {
        _tree.File("log.txt", "first line\n").File("other", "other");
        int calls = 0;
        var hasher = _tree.Hasher(afterOpen: path =>
        {
            if (path == "log.txt" && calls++ == 0)
            {
                File.AppendAllText(_tree.Full(path), "second line\n");
            }
        });

        var entry = hasher.Snapshot().Find("log.txt")!;

        Assert.Equal(ContextTree.HashOf("first line\nsecond line\n"), entry.ContentHash);
        Assert.Equal("first line\nsecond line\n".Length, entry.Size);
        Assert.Equal(3, hasher.Statistics.FilesOpened); // log.txt twice, other once
        Assert.Equal(2, hasher.Statistics.FilesHashed);
    }

    [Fact]
    public void A_file_that_keeps_changing_is_a_clear_error()
    {
        _tree.File("busy.log", "x");
        var hasher = _tree.Hasher(afterOpen: path => File.AppendAllText(_tree.Full(path), "more"));

        var e = Assert.Throws<ContextException>(() => hasher.Snapshot());

        Assert.Equal("busy.log", e.ContextPath);
        Assert.Contains("busy.log", e.Message);
        Assert.Contains("kept changing", e.Message);
        Assert.Contains(".dockerignore", e.Message);
        Assert.False(File.Exists(ContextMemo.PathFor(_tree.Store, _tree.Root))); // nothing saved
    }

    [Fact]
    public void A_file_removed_while_it_is_read_is_left_out()
    {
        _tree.File("tmp.swp", "swap").File("keep", "keep");
        var hasher = _tree.Hasher(afterOpen: path =>
        {
            if (path == "tmp.swp")
            {
                File.Delete(_tree.Full(path));
            }
        });

        var paths = hasher.Walk().Select(e => e.Path).ToList();

        Assert.Equal(["keep"], paths);
    }

    [Fact]
    public void A_file_replaced_by_a_link_while_it_is_read_is_recorded_as_the_link()
    {
        _tree.File("target", "t").File("swapped", "was a file");
        int calls = 0;
        var hasher = _tree.Hasher(afterOpen: path =>
        {
            if (path == "swapped" && calls++ == 0)
            {
                // Write first: the open file changes, so this attempt is discarded.
                File.AppendAllText(_tree.Full(path), "!");
                File.Delete(_tree.Full(path));
                File.CreateSymbolicLink(_tree.Full(path), "target");
            }
        });

        var entry = hasher.Snapshot().Find("swapped")!;

        Assert.Equal(ContextEntryType.Symlink, entry.Type);
        Assert.Equal("target", entry.LinkTarget);
        Assert.Null(entry.ContentHash);
    }
}
