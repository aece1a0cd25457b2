using Builder.Cache.Layers;
using Builder.Cache.Oci;
using Builder.Executor.Snapshots;
using Builder.Executor.Snapshots.Native;
using Builder.TestKit;
using Xunit;

namespace Builder.Executor.Tests.Snapshots;

public sealed class SnapshotStoreTests
{
    [RootFact]
    public async Task A_chain_unpacks_one_folder_per_layer_keyed_by_chain_id_in_overlay_form()
    {
        Requirements.Root();
        using var f = new SnapshotFixture();
        var chain = f.ThreeLayers();

        var folders = await f.Snapshots.EnsureChainAsync(chain, CancellationToken.None);

        var ids = ChainId.ForEach(chain.Select(l => l.DiffId));
        Assert.Equal(ids.Select(f.Snapshots.PathOf).ToArray(), folders.ToArray());
        Assert.True(File.Exists(Path.Combine(folders[0], "etc/config")));
        Assert.False(File.Exists(Path.Combine(folders[0], "etc/layer2")));
        var whiteout = SnapshotLibC.LStat(Path.Combine(folders[1], "data/obsolete"));
        Assert.Equal((0x2000u, 0u, 0u), (whiteout!.Value.Type, whiteout.Value.RdevMajor, whiteout.Value.RdevMinor));
        Assert.Empty(Directory.EnumerateFileSystemEntries(f.Root.Temp));
    }

    [RootFact]
    public async Task Ensuring_a_chain_again_reuses_its_snapshots()
    {
        Requirements.Root();
        using var f = new SnapshotFixture();
        var chain = f.ThreeLayers();
        var first = await f.Snapshots.EnsureChainAsync(chain, CancellationToken.None);
        var identities = first.Select(p => SnapshotLibC.LStat(p)!.Value.Identity).ToList();

        var second = await f.Snapshots.EnsureChainAsync(chain, CancellationToken.None);

        Assert.Equal(first.ToArray(), second.ToArray());
        Assert.Equal(identities, second.Select(p => SnapshotLibC.LStat(p)!.Value.Identity).ToList());
    }

    [RootFact]
    public async Task Concurrent_builders_ensuring_the_same_chain_all_get_it_and_leave_no_temp_folders()
    {
        Requirements.Root();
        using var f = new SnapshotFixture();
        var chain = f.ThreeLayers();

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            Task.Run(() => new SnapshotStore(f.Root, f.Store).EnsureChainAsync(chain, CancellationToken.None))));

        Assert.All(results, r => Assert.Equal(results[0].ToArray(), r.ToArray()));
        Assert.Equal(3, Directory.GetDirectories(f.Snapshots.Folder).Length);
        Assert.Empty(Directory.EnumerateFileSystemEntries(f.Root.Temp));
        Assert.Equal("three\n", File.ReadAllText(Path.Combine(results[0][2], "etc/layer3")));
    }

    [RootFact]
    public async Task A_layer_that_does_not_unpack_to_its_diff_id_leaves_no_snapshot()
    {
        Requirements.Root();
        using var f = new SnapshotFixture();
        var layer = f.ThreeLayers()[0];
        var wrong = layer with { DiffId = Digest.Compute("not this"u8) };

        await Assert.ThrowsAsync<LayerApplyException>(() => f.Snapshots.EnsureChainAsync([wrong], CancellationToken.None));

        Assert.False(f.Snapshots.Exists(ChainId.Of(wrong.DiffId)));
        Assert.Empty(Directory.EnumerateFileSystemEntries(f.Snapshots.Folder));
        Assert.Empty(Directory.EnumerateFileSystemEntries(f.Root.Temp));
    }

    [RootFact]
    public async Task Pruning_deletes_the_snapshots_not_kept()
    {
        Requirements.Root();
        using var f = new SnapshotFixture();
        var chain = f.ThreeLayers();
        await f.Snapshots.EnsureChainAsync(chain, CancellationToken.None);
        var ids = ChainId.ForEach(chain.Select(l => l.DiffId));

        var removed = f.Snapshots.Prune(new HashSet<ChainId> { ids[0], ids[2] });

        Assert.Equal([ids[1]], removed.ToArray());
        Assert.True(f.Snapshots.Exists(ids[0]));
        Assert.False(f.Snapshots.Exists(ids[1]));
        Assert.True(f.Snapshots.Exists(ids[2]));
        Assert.Empty(Directory.EnumerateFileSystemEntries(f.Root.Temp));
        Assert.Empty(f.Snapshots.Prune(new HashSet<ChainId> { ids[0], ids[2] }));
    }
}
