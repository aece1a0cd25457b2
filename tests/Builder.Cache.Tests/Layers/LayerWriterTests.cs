using Builder.TestKit;
using System.Formats.Tar;
using Builder.Cache.Layers;
using Builder.Cache.Oci;
using Builder.Cache.Tests.Layers.Support;
using Xunit;

namespace Builder.Cache.Tests.Layers;

public sealed class LayerWriterTests : IDisposable
{
    private static readonly DateTimeOffset Epoch = DateTimeOffset.FromUnixTimeSeconds(1_600_000_000);

    private readonly LayerStore _layers = new();

    public void Dispose() => _layers.Dispose();

    /// <summary>A small tree with a bit of everything that needs no root.</summary>
    private TreeBuilder SampleTree(long? mtime = null)
    {
        var tree = _layers.NewTree()
            .Dir("bin").File("bin/tool", "#!/bin/sh\necho hi\n", TreeBuilder.Mode755 | UnixFileMode.SetUser)
            .Dir("etc").File("etc/config", "key=value\n").Symlink("etc/link", "config")
            .File("data/blob.bin", Enumerable.Range(0, 5000).Select(i => (byte)(i * 7)).ToArray())
            .Xattr("etc/config", "user.origin", "test")
            .Dir("tmp", (UnixFileMode)0x3FF);
        tree.HardLink("bin/tool-alias", "bin/tool");
        if (mtime is { } seconds)
        {
            tree.SetAllMTimes(seconds);
        }

        return tree;
    }

    [Theory]
    [InlineData(LayerCompression.None)]
    [InlineData(LayerCompression.Gzip)]
    [InlineData(LayerCompression.Zstd)]
    public void The_same_tree_twice_gives_the_same_digests(LayerCompression compression)
    {
        var tree = SampleTree();
        var first = _layers.WriteTree(tree, compression);
        var second = _layers.WriteTree(tree, compression);

        Assert.Equal(first, second);
        Assert.Equal(MediaTypes.OciLayerFor(compression), first.Blob.MediaType);
    }

    [Fact]
    public void Two_equal_trees_made_at_different_times_and_inodes_give_the_same_digests()
    {
        var a = _layers.WriteTree(SampleTree(1_500_000_000), LayerCompression.Gzip);
        var b = _layers.WriteTree(SampleTree(1_500_000_000), LayerCompression.Gzip);

        Assert.Equal(a, b);
    }

    [Fact]
    public void Different_mtimes_give_the_same_digests_with_a_source_date_epoch()
    {
        var older = SampleTree(1_700_000_000);
        var newer = SampleTree(1_800_000_000);
        Assert.NotEqual(_layers.WriteTree(older).DiffId, _layers.WriteTree(newer).DiffId);

        var a = _layers.WriteTree(older, LayerCompression.Gzip, Epoch);
        var b = _layers.WriteTree(newer, LayerCompression.Gzip, Epoch);

        Assert.Equal(a, b);
        Assert.All(_layers.Entries(a), e => Assert.Equal(Epoch, e.ModificationTime));
    }

    [Fact]
    public void The_source_date_epoch_clamps_but_keeps_earlier_mtimes()
    {
        var tree = SampleTree(1_700_000_000);
        Tools.Shell($"touch -h -d @1000000000 {Tools.Quote(tree.Path("etc/config"))}");

        var entries = _layers.Entries(_layers.WriteTree(tree, epoch: Epoch));

        Assert.All(entries, e => Assert.True(e.ModificationTime <= Epoch, $"{e.Name} is later than SOURCE_DATE_EPOCH"));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_000_000_000), entries.Single(e => e.Name == "etc/config").ModificationTime);
    }

    [Fact]
    public void Entries_keep_modes_owners_links_and_attributes()
    {
        var entries = _layers.Entries(_layers.WriteTree(SampleTree()));

        Assert.Equal(["bin/", "bin/tool", "bin/tool-alias", "data/", "data/blob.bin", "etc/", "etc/config", "etc/link", "tmp/"], entries.Select(e => e.Name));
        var tool = entries.Single(e => e.Name == "bin/tool");
        Assert.Equal(TreeBuilder.Mode755 | UnixFileMode.SetUser, tool.Mode);
        var alias = entries.Single(e => e.Name == "bin/tool-alias");
        Assert.Equal(TarEntryType.HardLink, alias.EntryType);
        Assert.Equal("bin/tool", alias.LinkName);
        Assert.Equal(0, alias.Length);
        Assert.Equal("config", entries.Single(e => e.Name == "etc/link").LinkName);
        Assert.Equal((UnixFileMode)0x3FF, entries.Single(e => e.Name == "tmp/").Mode);
        Assert.Equal("test", ((PaxTarEntry)entries.Single(e => e.Name == "etc/config")).ExtendedAttributes["SCHILY.xattr.user.origin"]);
        Assert.All(entries, e => Assert.Equal((string.Empty, string.Empty), (((PosixTarEntry)e).UserName, ((PosixTarEntry)e).GroupName)));
    }

    [RootFact]
    public void Owners_are_numeric_and_devices_and_fifos_are_kept()
    {
        Requirements.Root();
        var tree = _layers.NewTree().File("owned", "x").Owner("owned", 1234, 5678)
            .Node("null", Builder.Cache.Layers.Native.FileKind.CharDevice, 1, 3, 0x1B6)
            .Node("loop0", Builder.Cache.Layers.Native.FileKind.BlockDevice, 7, 0, 0x1B0)
            .Node("pipe", Builder.Cache.Layers.Native.FileKind.Fifo, permissions: 0x1A4);

        var entries = _layers.Entries(_layers.WriteTree(tree)).Cast<PosixTarEntry>().ToDictionary(e => e.Name);

        Assert.Equal((1234, 5678), (entries["owned"].Uid, entries["owned"].Gid));
        Assert.Equal((TarEntryType.CharacterDevice, 1, 3), (entries["null"].EntryType, entries["null"].DeviceMajor, entries["null"].DeviceMinor));
        Assert.Equal((TarEntryType.BlockDevice, 7, 0), (entries["loop0"].EntryType, entries["loop0"].DeviceMajor, entries["loop0"].DeviceMinor));
        Assert.Equal(TarEntryType.Fifo, entries["pipe"].EntryType);
    }

    [Theory]
    [InlineData(LayerCompression.None)]
    [InlineData(LayerCompression.Gzip)]
    [InlineData(LayerCompression.Zstd)]
    public void One_pass_digests_match_sha256sum_of_the_blob_and_of_the_decompressed_tar(LayerCompression compression)
    {
        var layer = _layers.WriteTree(SampleTree(), compression);
        var blob = Tools.Quote(_layers.BlobPath(layer));
        var decompress = compression switch
        {
            LayerCompression.Gzip => $"gzip -dc {blob}",
            LayerCompression.Zstd => $"zstd -dcq {blob}",
            _ => $"cat {blob}",
        };

        Assert.Equal(Tools.Sha256Sum($"cat {blob}"), layer.Blob.Digest.ToString());
        Assert.Equal(new FileInfo(_layers.BlobPath(layer)).Length, layer.Blob.Size);
        Assert.Equal(Tools.Sha256Sum(decompress), layer.DiffId.ToString());
        Assert.Equal(long.Parse(Tools.Shell($"{decompress} | wc -c").Trim(), System.Globalization.CultureInfo.InvariantCulture), layer.UncompressedSize);
    }

    [Fact]
    public async Task WriteAllAsync_returns_results_in_order_equal_to_single_writes()
    {
        var trees = Enumerable.Range(0, 5).Select(i => _layers.NewTree().File($"f{i}", new string('x', i * 1000))).ToList();
        var writer = new LayerWriter(_layers.Store, new LayerWriterOptions { MaxParallelism = 3 });

        var all = await writer.WriteAllAsync(trees.Select(t => LayerSource.Directory(t.Root)));

        Assert.Equal(trees.Select(t => writer.Write(LayerSource.Directory(t.Root))), all);
        Assert.Equal(5, all.Select(r => r.DiffId).Distinct().Count());
    }

    [Fact]
    public async Task A_failed_or_cancelled_write_leaves_nothing_in_the_store()
    {
        var writer = new LayerWriter(_layers.Store);
        Assert.Throws<DirectoryNotFoundException>(() => writer.Write(LayerSource.Directory(_layers.Scratch("missing"))));

        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            writer.WriteAllAsync([LayerSource.Directory(SampleTree().Root)], cancelled.Token));
        Assert.ThrowsAny<OperationCanceledException>(() => writer.Write(LayerSource.Directory(SampleTree().Root), cancelled.Token));

        Assert.Empty(_layers.Store.List());
        Assert.Empty(Directory.GetFiles(_layers.Store.Root.Temp));
    }

    [Fact]
    public void Invalid_options_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LayerWriter(_layers.Store, new LayerWriterOptions { CompressionLevel = 10 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LayerWriter(_layers.Store, new LayerWriterOptions { Compression = LayerCompression.Zstd, CompressionLevel = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LayerWriter(_layers.Store, new LayerWriterOptions { MaxParallelism = 0 }));
    }

    [Fact]
    public void Files_larger_than_the_copy_buffer_stream_through_intact()
    {
        var content = new byte[(5 << 20) + 123];
        new Random(5).NextBytes(content.AsSpan(0, content.Length / 2));
        var tree = _layers.NewTree().File("big.bin", content).File("small", "after the big one");

        var layer = _layers.WriteTree(tree, LayerCompression.Gzip);
        var entries = _layers.Entries(layer);

        var big = entries.Single(e => e.Name == "big.bin");
        using var data = new MemoryStream();
        big.DataStream!.CopyTo(data);
        Assert.Equal(content, data.ToArray());
        Assert.Equal("after the big one", new StreamReader(entries.Single(e => e.Name == "small").DataStream!).ReadToEnd());
    }

    [Fact]
    public void An_empty_tree_is_an_empty_tar()
    {
        var layer = _layers.WriteTree(_layers.NewTree(), LayerCompression.Gzip);

        Assert.Equal(1024, layer.UncompressedSize);
        Assert.Equal(Digest.Compute(new byte[1024]), layer.DiffId);
    }
}
