using Builder.Cache.Context;
using Xunit;

namespace Builder.Cache.Tests.Context;

public sealed class ContextHasherTests : IDisposable
{
    private readonly ContextTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void Records_every_entry_with_its_metadata_and_content_hash()
    {
        _tree.File("a.txt", "hello", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead)
            .File("sub/b.bin", "bee")
            .Dir("empty")
            .Link("link", "a.txt")
            .Fifo("pipe");
        _tree.Chmod("sub", (UnixFileMode)0x1ED); // 0755

        var entries = _tree.Hasher(memo: false).Walk().ToList();

        Assert.Equal(["a.txt", "empty", "link", "pipe", "sub", "sub/b.bin"], entries.Select(e => e.Path));
        var a = entries[0];
        Assert.Equal(ContextEntryType.File, a.Type);
        Assert.Equal(0x1A0u, a.Mode); // 0640
        Assert.Equal("0640", a.ModeText);
        Assert.Equal(5, a.Size);
        Assert.Equal(ContextTree.HashOf("hello"), a.ContentHash);
        Assert.Null(a.LinkTarget);
        Assert.Equal(CurrentUid(), a.Uid);

        Assert.Equal(ContextEntryType.Directory, entries[1].Type);
        Assert.Null(entries[1].ContentHash);
        Assert.Equal(0, entries[1].Size);

        var link = entries[2];
        Assert.Equal(ContextEntryType.Symlink, link.Type);
        Assert.Equal("a.txt", link.LinkTarget);
        Assert.Null(link.ContentHash);

        Assert.Equal(ContextEntryType.Fifo, entries[3].Type); // never opened: it would block
        Assert.Null(entries[3].ContentHash);
        Assert.Equal(0x1EDu, entries[4].Mode);
        Assert.Equal(ContextTree.HashOf("bee"), entries[5].ContentHash);
    }

    [Fact]
    public void Symbolic_links_are_recorded_not_followed()
    {
        using var outside = new TestKit.TempDirectory();
        File.WriteAllText(Path.Combine(outside.Path, "secret"), "outside the context");
        _tree.File("real/x", "x").Link("to-dir", "real").Link("escape", outside.Path).Link("dangling", "nowhere/at/all");

        var hasher = _tree.Hasher(memo: false);
        var entries = hasher.Walk().ToList();

        Assert.Equal(["dangling", "escape", "real", "real/x", "to-dir"], entries.Select(e => e.Path));
        Assert.Equal(outside.Path, entries.Single(e => e.Path == "escape").LinkTarget);
        Assert.Equal(1, hasher.Statistics.Files);
        Assert.Equal(1, hasher.Statistics.FilesOpened);
    }

    [Fact]
    public void Order_is_canonical_component_by_component_and_by_code_point()
    {
        foreach (var name in new[] { "a.txt", "a/b", "a/c/d", "B", "b", "\u00e9", "\U0001F600", "\uFB01", "a-b", "a0" })
        {
            _tree.File(name, name);
        }

        var paths = _tree.Hasher(memo: false).Walk().Select(e => e.Path).ToList();

        Assert.Equal(["B", "a", "a/b", "a/c", "a/c/d", "a-b", "a.txt", "a0", "b", "\u00e9", "\uFB01", "\U0001F600"], paths);
    }

    [Fact]
    public void Walks_are_deterministic_and_digests_ignore_times_and_location()
    {
        _tree.File("src/main.c", "int main;").File("src/lib/util.c", "util").File("README", "readme").Link("src/current", "lib");
        var first = _tree.Hasher(memo: false).Snapshot();
        var second = _tree.Hasher(memo: false).Snapshot();
        Assert.Equal(first.Entries.AsEnumerable(), second.Entries);
        Assert.Equal(first.Digest, second.Digest);

        File.SetLastWriteTimeUtc(_tree.Full("README"), new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc));
        Assert.Equal(first.Digest, _tree.Hasher(memo: false).Snapshot().Digest);

        using var copy = new ContextTree();
        copy.File("README", "readme").File("src/lib/util.c", "util").Link("src/current", "lib").File("src/main.c", "int main;");
        Assert.Equal(first.Digest, copy.Hasher(memo: false).Snapshot().Digest);
    }

    [Fact]
    public void Content_mode_and_link_changes_change_the_digest()
    {
        _tree.File("f", "one").Link("l", "f");
        var before = _tree.Hasher(memo: false).Snapshot().Digest;

        File.WriteAllText(_tree.Full("f"), "two");
        var content = _tree.Hasher(memo: false).Snapshot().Digest;
        _tree.Chmod("f", (UnixFileMode)0x1FF);
        var mode = _tree.Hasher(memo: false).Snapshot().Digest;
        File.Delete(_tree.Full("l"));
        _tree.Link("l", "g");
        var link = _tree.Hasher(memo: false).Snapshot().Digest;

        Assert.Equal(4, new HashSet<Blake3Hash> { before, content, mode, link }.Count);
    }

    [Fact]
    public void Large_files_are_streamed_through_the_buffer()
    {
        var data = Blake3Vectors.Input((3 << 20) + 12345); // several 1 MiB reads, a partial last one
        File.WriteAllBytes(_tree.Full("big.bin"), data);
        var hasher = new ContextHasher(_tree.Root, new ContextHasherOptions { BufferSize = 64 * 1024 });

        var entry = Assert.Single(hasher.Walk());

        Assert.Equal(Blake3Hasher.Hash(data), entry.ContentHash);
        Assert.Equal(data.Length, entry.Size);
        Assert.Equal(data.Length, hasher.Statistics.BytesRead);
        Assert.Equal(ContextMemoState.Disabled, hasher.Statistics.Memo);
    }

    [Fact]
    public void A_missing_context_or_a_file_as_context_is_a_clear_error()
    {
        var missing = Assert.Throws<ContextException>(() => new ContextHasher(_tree.Full("nope")).Walk());
        Assert.Contains("must be a directory", missing.Message);
        Assert.Contains("nope", missing.Message);

        _tree.File("file", "x");
        var file = Assert.Throws<ContextException>(() => new ContextHasher(_tree.Full("file")).Walk());
        Assert.Contains("it is a file", file.Message);
    }

    [Fact]
    public void The_context_itself_may_be_a_symbolic_link()
    {
        _tree.File("dir/f", "f");
        using var elsewhere = new TestKit.TempDirectory();
        var link = Path.Combine(elsewhere.Path, "ctx");
        File.CreateSymbolicLink(link, _tree.Full("dir"));

        var entry = Assert.Single(new ContextHasher(link).Walk());

        Assert.Equal("f", entry.Path);
    }

    [Fact]
    public void A_file_name_that_is_not_utf8_is_a_clear_error_not_a_silent_omission()
    {
        _tree.File("ok", "ok");
        Bash("touch $'bad\\xff'"); // .NET cannot name it: its name decodes to "bad\uFFFD"
        try
        {
            var e = Assert.Throws<ContextException>(() => _tree.Hasher(memo: false).Walk().ToList());
            Assert.Contains("not valid UTF-8", e.Message);
        }
        finally
        {
            Bash("rm -f $'bad\\xff'");
        }
    }

    [Fact]
    public void Cancellation_stops_the_walk()
    {
        _tree.File("a", "a").File("b", "b");
        using var cts = new CancellationTokenSource();
        using var walk = _tree.Hasher(memo: false).Walk(cts.Token).GetEnumerator();
        Assert.True(walk.MoveNext());
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() => walk.MoveNext());
    }

    private void Bash(string command)
    {
        using var p = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("bash", ["-c", command]) { WorkingDirectory = _tree.Root })!;
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
    }

    private static uint CurrentUid()
    {
        var status = File.ReadAllLines("/proc/self/status").First(l => l.StartsWith("Uid:", StringComparison.Ordinal));
        return uint.Parse(status.Split('\t', StringSplitOptions.RemoveEmptyEntries)[2], System.Globalization.CultureInfo.InvariantCulture);
    }
}
