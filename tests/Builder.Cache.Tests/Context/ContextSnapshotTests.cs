using Builder.Cache.Context;
using Xunit;

namespace Builder.Cache.Tests.Context;

public sealed class ContextSnapshotTests : IDisposable
{
    private readonly ContextTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void Subtrees_are_contiguous_and_digest_independently_of_where_they_are()
    {
        _tree.File("app/src/main.c", "main").File("app/src/x.h", "x").File("app.txt", "not in app/")
            .File("copy/src/main.c", "main").File("copy/src/x.h", "x").File("other/file", "other");
        var snapshot = _tree.Hasher(memo: false).Snapshot();

        Assert.Equal(["app/src", "app/src/main.c", "app/src/x.h"], snapshot.Subtree("app/src").Select(e => e.Path));
        Assert.Equal(["app", "app/src", "app/src/main.c", "app/src/x.h"], snapshot.Subtree("./app/").Select(e => e.Path));
        Assert.Equal(snapshot.Entries.AsEnumerable(), snapshot.Subtree("."));
        Assert.Empty(snapshot.Subtree("missing"));

        Assert.Equal(snapshot.DigestOf("app/src"), snapshot.DigestOf("copy/src"));
        Assert.NotEqual(snapshot.DigestOf("app"), snapshot.DigestOf("other"));
        Assert.Equal(snapshot.Digest, snapshot.DigestOf(""));
        Assert.Equal(snapshot.DigestOf("app/src"), ContextDigest.ComputeSubtree(snapshot.Entries, "app/src"));
    }

    [Fact]
    public void A_subtree_digest_changes_only_with_its_own_entries()
    {
        _tree.File("a/f", "1").File("b/f", "2");
        var before = _tree.Hasher(memo: false).Snapshot();
        File.WriteAllText(_tree.Full("b/f"), "3");
        var after = _tree.Hasher(memo: false).Snapshot();

        Assert.Equal(before.DigestOf("a"), after.DigestOf("a"));
        Assert.NotEqual(before.DigestOf("b"), after.DigestOf("b"));
        Assert.NotEqual(before.Digest, after.Digest);
    }

    [Fact]
    public void Selections_digest_in_canonical_order_whatever_order_they_come_in()
    {
        _tree.File("x/1", "1").File("x/2", "2").File("y", "y");
        var snapshot = _tree.Hasher(memo: false).Snapshot();
        var selection = snapshot.Entries.Where(e => e.Type == ContextEntryType.File).ToList();

        var forward = ContextDigest.Compute(selection);
        selection.Reverse();

        Assert.Equal(forward, ContextDigest.Compute(selection));
        Assert.NotEqual(forward, snapshot.Digest); // the directory entry is not in the selection
        Assert.Equal(snapshot.Find("x/2"), selection[1]);
        Assert.Null(snapshot.Find("x/3"));
    }

    [Fact]
    public void Duplicate_paths_are_rejected()
    {
        var entry = new ContextEntry("a", ContextEntryType.File, 0x1A4, 0, 0, 0, null, Blake3Hasher.Hash([]));
        Assert.Throws<ArgumentException>(() => ContextDigest.Compute([entry, entry]));
        Assert.Throws<ArgumentException>(() => new ContextSnapshot([entry, entry with { Mode = 0x1ED }]));
    }

    [Fact]
    public void The_canonical_form_is_pinned()
    {
        // Changing the encoding changes every cache key that uses it: bump "v1" when it must change.
        // The value was computed from the documented layout independently (Python over the same C library).
        var entries = new[]
        {
            new ContextEntry("dir", ContextEntryType.Directory, 0x1ED, 0, 0, 0, null, null),
            new ContextEntry("dir/file", ContextEntryType.File, 0x1A4, 1000, 1000, 5, null, Blake3Hasher.Hash("hello"u8)),
            new ContextEntry("link", ContextEntryType.Symlink, 0x1FF, 0, 0, 0, "dir/file", null),
        };

        Assert.Equal(PinnedDigest, ContextDigest.Compute(entries).ToString());
    }

    private const string PinnedDigest = "blake3:fb0c69ed7973a8907d304b18986766962e3269d2190b087b7409fbeb2733f61b";
}
