using System.Formats.Tar;
using System.IO.Compression;
using Builder.Cache.Oci;
using Builder.Executor.Snapshots;
using Builder.TestKit;
using Xunit;

namespace Builder.Executor.Tests.Snapshots;

public sealed class RootfsSessionTests
{
    [RootFact]
    public void Overlay_is_available_here_as_root()
    {
        Requirements.Root();
        using var f = new SnapshotFixture();

        Assert.True(Snapshotter.OverlayAvailable(f.Root), "overlayfs could not be mounted under the store's tmp folder");
        Assert.Empty(Directory.EnumerateFileSystemEntries(f.Root.Temp));
    }

    [RootFact]
    public async Task Overlay_merges_the_chain_top_layer_first()
    {
        Requirements.Root();
        using var f = new SnapshotFixture();
        var chain = f.ThreeLayers();
        var snapshotter = new Snapshotter(f.Root, f.Snapshots, SnapshotterKind.Overlay);

        await using var session = await snapshotter.PrepareAsync(chain, CancellationToken.None);

        var expected = TreeDescription.Of(await f.ApplyAsync("expected", chain));
        Assert.Equal(expected, TreeDescription.Of(session.MergedPath));
        Assert.False(File.Exists(Path.Combine(session.MergedPath, "data/obsolete")));
    }

    [RootFact]
    public Task The_committed_layer_applied_over_the_chain_gives_the_merged_tree_overlay() => The_committed_layer_applied_over_the_chain_gives_the_merged_tree(SnapshotterKind.Overlay);

    [RootFact]
    public Task The_committed_layer_applied_over_the_chain_gives_the_merged_tree_copy() => The_committed_layer_applied_over_the_chain_gives_the_merged_tree(SnapshotterKind.Copy);

    private static async Task The_committed_layer_applied_over_the_chain_gives_the_merged_tree(SnapshotterKind kind)
    {
        Requirements.Root();
        using var f = new SnapshotFixture();
        var chain = f.ThreeLayers();
        var snapshotter = new Snapshotter(f.Root, f.Snapshots, kind);
        string merged;
        LayerRef layer;
        await using (var session = await snapshotter.PrepareAsync(chain, CancellationToken.None))
        {
            Assert.Equal(kind, session.Kind);
            SnapshotFixture.Mutate(session.MergedPath);
            merged = TreeDescription.Of(session.MergedPath);
            var result = await session.CommitAsync(f.Writer, CancellationToken.None);
            layer = new LayerRef(result.Blob, result.DiffId);
        }

        var applied = TreeDescription.Of(await f.ApplyAsync("applied", chain, layer));

        Assert.Equal(merged, applied);
        Assert.Contains("opq/fresh ", applied);
        Assert.DoesNotContain("opq/old1", applied);
        Assert.Contains("keep/file type=8 mode=644 owner=0:0", applied);
        Assert.Contains("user.test=v", applied);
        Assert.Contains("pair/two type=8 mode=644 owner=0:0 size=5", applied);
        Assert.Contains("hardlink-of=pair/one", applied);
        Assert.Contains("null type=2 mode=666 owner=0:0 dev=1,3", applied);
        Assert.Contains("replace type=8", applied);
        Assert.Empty(Directory.EnumerateFileSystemEntries(f.Root.Temp));
    }

    [RootFact]
    public async Task Both_snapshotters_give_the_same_tree_for_the_same_changes()
    {
        Requirements.Root();
        using var f = new SnapshotFixture();
        var chain = f.ThreeLayers();
        var trees = new List<string>();
        foreach (var kind in new[] { SnapshotterKind.Overlay, SnapshotterKind.Copy })
        {
            await using var session = await new Snapshotter(f.Root, f.Snapshots, kind).PrepareAsync(chain, CancellationToken.None);
            SnapshotFixture.Mutate(session.MergedPath);
            var result = await session.CommitAsync(f.Writer, CancellationToken.None);
            trees.Add(TreeDescription.Of(await f.ApplyAsync($"applied-{kind}", chain, new LayerRef(result.Blob, result.DiffId))));
        }

        Assert.Equal(trees[0], trees[1]);
    }

    [RootFact]
    public async Task Deletions_become_whiteouts_and_a_recreated_directory_an_opaque_marker()
    {
        Requirements.Root();
        using var f = new SnapshotFixture();
        var chain = f.ThreeLayers();
        await using var session = await new Snapshotter(f.Root, f.Snapshots, SnapshotterKind.Overlay).PrepareAsync(chain, CancellationToken.None);
        SnapshotFixture.Mutate(session.MergedPath);

        var result = await session.CommitAsync(f.Writer, CancellationToken.None);

        var names = EntryNames(f, result.Blob);
        Assert.Contains("opq/.wh..wh..opq", names);
        Assert.Contains("etc/.wh.remove-me", names);
        Assert.Contains(".wh.gone", names);
        Assert.DoesNotContain("gone/x/y", names);
        Assert.DoesNotContain("etc/layer2", names);
    }

    [RootFact]
    public Task Dispose_leaves_no_mount_and_no_temp_folder_and_can_be_repeated_overlay() => Dispose_leaves_no_mount_and_no_temp_folder_and_can_be_repeated(SnapshotterKind.Overlay);

    [RootFact]
    public Task Dispose_leaves_no_mount_and_no_temp_folder_and_can_be_repeated_copy() => Dispose_leaves_no_mount_and_no_temp_folder_and_can_be_repeated(SnapshotterKind.Copy);

    private static async Task Dispose_leaves_no_mount_and_no_temp_folder_and_can_be_repeated(SnapshotterKind kind)
    {
        Requirements.Root();
        using var f = new SnapshotFixture();
        var chain = f.ThreeLayers();
        var session = await new Snapshotter(f.Root, f.Snapshots, kind).PrepareAsync(chain, CancellationToken.None);
        File.WriteAllText(Path.Combine(session.MergedPath, "scribble"), "x");
        Assert.Equal(kind == SnapshotterKind.Overlay, MountInfo().Contains(session.MergedPath));

        await session.DisposeAsync();
        await session.DisposeAsync();

        Assert.DoesNotContain(session.Folder, MountInfo());
        Assert.False(Directory.Exists(session.Folder));
        Assert.Empty(Directory.EnumerateFileSystemEntries(f.Root.Temp));
    }

    [RootFact]
    public Task A_cancelled_commit_leaves_the_store_as_it_was_overlay() => A_cancelled_commit_leaves_the_store_as_it_was(SnapshotterKind.Overlay);

    [RootFact]
    public Task A_cancelled_commit_leaves_the_store_as_it_was_copy() => A_cancelled_commit_leaves_the_store_as_it_was(SnapshotterKind.Copy);

    private static async Task A_cancelled_commit_leaves_the_store_as_it_was(SnapshotterKind kind)
    {
        Requirements.Root();
        using var f = new SnapshotFixture();
        var chain = f.ThreeLayers();
        var blobs = f.Store.List().ToHashSet();
        var snapshots = await f.Snapshots.EnsureChainAsync(chain, CancellationToken.None);
        var session = await new Snapshotter(f.Root, f.Snapshots, kind).PrepareAsync(chain, CancellationToken.None);
        SnapshotFixture.Mutate(session.MergedPath);
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => session.CommitAsync(f.Writer, cancel.Token));
        session.Dispose();

        Assert.Equal(blobs, f.Store.List().ToHashSet());
        Assert.Equal(snapshots.Order(), Directory.GetDirectories(f.Snapshots.Folder).Order());
        Assert.Empty(Directory.EnumerateFileSystemEntries(f.Root.Temp));
    }

    [RootFact]
    public async Task A_scratch_step_starts_from_an_empty_root()
    {
        Requirements.Root();
        using var f = new SnapshotFixture();
        foreach (var kind in new[] { SnapshotterKind.Overlay, SnapshotterKind.Copy })
        {
            await using var session = await new Snapshotter(f.Root, f.Snapshots, kind).PrepareAsync([], CancellationToken.None);
            Assert.Empty(Directory.EnumerateFileSystemEntries(session.MergedPath));
            SnapshotFixture.Write(session.MergedPath, "hello/world", "hi\n");

            var result = await session.CommitAsync(f.Writer, CancellationToken.None);

            Assert.Equal(["hello/", "hello/world"], EntryNames(f, result.Blob));
        }
    }

    private static string MountInfo() => File.ReadAllText("/proc/self/mountinfo");

    private static List<string> EntryNames(SnapshotFixture f, Descriptor blob)
    {
        using var stream = f.Store.OpenRead(blob.Digest);
        using var gzip = new GZipStream(stream, CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        var names = new List<string>();
        while (tar.GetNextEntry() is { } entry)
        {
            names.Add(entry.Name);
        }

        return names;
    }
}
