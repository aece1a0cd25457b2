using Builder.TestKit;
using System.Formats.Tar;
using Builder.Cache.Layers;
using Builder.Cache.Oci;
using Builder.Cache.Layers.Native;
using Builder.Cache.Tests.Layers.Support;
using Xunit;

namespace Builder.Cache.Tests.Layers.Tree;

/// <summary>A synthetic overlayfs upper dir (whiteout devices, opaque markers) exported as a layer.</summary>
public sealed class OverlayUpperTests : IDisposable
{
    private readonly LayerStore _layers = new();

    public void Dispose() => _layers.Dispose();

    private List<TarEntry> Export(TreeBuilder upper, LayerSourceKind kind = LayerSourceKind.OverlayUpper) =>
        _layers.Entries(_layers.Write(new LayerSource(upper.Root, kind), new LayerWriterOptions { Compression = LayerCompression.None }));

    [RootFact]
    public void Whiteout_devices_become_empty_wh_files()
    {
        Requirements.Root();
        var upper = _layers.NewTree().Dir("etc").File("etc/new.conf", "x")
            .Node("etc/old.conf", FileKind.CharDevice).Owner("etc/old.conf", 12, 34)
            .Node("gone", FileKind.CharDevice);

        var entries = Export(upper);

        // Sorted by the names in the layer: ".wh.gone" sorts before "etc".
        Assert.Equal([".wh.gone", "etc/", "etc/.wh.old.conf", "etc/new.conf"], entries.Select(e => e.Name));
        var whiteout = entries.Single(e => e.Name == "etc/.wh.old.conf");
        Assert.Equal(TarEntryType.RegularFile, whiteout.EntryType);
        Assert.Equal(0, whiteout.Length);
        Assert.Equal((UnixFileMode)0x180, whiteout.Mode);
        Assert.Equal((12, 34), (whiteout.Uid, whiteout.Gid));
    }

    [RootFact]
    public void Whiteouts_sort_by_their_layer_name_and_shared_whiteout_inodes_are_not_hard_links()
    {
        Requirements.Root();
        var upper = _layers.NewTree().File("a", "").Node("z", FileKind.CharDevice);
        upper.HardLink("y", "z"); // overlayfs may share one whiteout inode between several names

        var names = Export(upper).Select(e => e.Name).ToList();

        Assert.Equal([".wh.y", ".wh.z", "a"], names);
    }

    [RootFact]
    public void Opaque_directories_get_a_marker_right_after_them_and_lose_the_overlay_attribute()
    {
        Requirements.Root();
        var upper = _layers.NewTree().Dir("var/cache", (UnixFileMode)0x1FD).File("var/cache/-first", "").File("var/cache/new", "n")
            .Xattr("var/cache", "trusted.overlay.opaque", "y").Xattr("var/cache", "user.keep", "1")
            .Dir("user-ns").Xattr("user-ns", "user.overlay.opaque", "y")
            .Dir("not-opaque").Xattr("not-opaque", "trusted.overlay.opaque", "x");

        var entries = Export(upper);
        var names = entries.Select(e => e.Name).ToList();

        Assert.Equal(
            ["not-opaque/", "user-ns/", "user-ns/.wh..wh..opq", "var/", "var/cache/", "var/cache/.wh..wh..opq", "var/cache/-first", "var/cache/new"],
            names);
        var cache = Assert.IsType<PaxTarEntry>(entries.Single(e => e.Name == "var/cache/"));
        Assert.Equal("1", cache.ExtendedAttributes["SCHILY.xattr.user.keep"]);
        Assert.DoesNotContain(entries.OfType<PaxTarEntry>().SelectMany(e => e.ExtendedAttributes.Keys), k => k.Contains("overlay", StringComparison.Ordinal));
        var marker = entries.Single(e => e.Name == "var/cache/.wh..wh..opq");
        Assert.Equal(TarEntryType.RegularFile, marker.EntryType);
        Assert.Equal((UnixFileMode)0x1FD, marker.Mode);
    }

    [RootFact]
    public void Xattr_marked_empty_files_are_whiteouts_too()
    {
        Requirements.Root();
        var upper = _layers.NewTree().File("old", "").Xattr("old", "trusted.overlay.whiteout", "");

        Assert.Equal([".wh.old"], Export(upper).Select(e => e.Name));
    }

    [RootFact]
    public void Metacopy_and_redirect_upper_dirs_are_refused()
    {
        Requirements.Root();
        var metacopy = _layers.NewTree().File("bin/tool", "").Xattr("bin/tool", "trusted.overlay.metacopy", "");
        var e = Assert.Throws<IOException>(() => Export(metacopy));
        Assert.Contains("metacopy=off", e.Message, StringComparison.Ordinal);

        var redirect = _layers.NewTree().Dir("moved").Xattr("moved", "trusted.overlay.redirect", "/old");
        e = Assert.Throws<IOException>(() => Export(redirect));
        Assert.Contains("redirect_dir=off", e.Message, StringComparison.Ordinal);
        Assert.Empty(_layers.Store.List());
    }

    [RootFact]
    public void In_a_plain_directory_a_0_0_device_is_just_a_device()
    {
        Requirements.Root();
        var tree = _layers.NewTree().Node("dev0", FileKind.CharDevice).Dir("d").Xattr("d", "trusted.overlay.opaque", "y");

        var entries = Export(tree, LayerSourceKind.Directory);
        Assert.Equal(["d/", "dev0"], entries.Select(e => e.Name));
        Assert.IsNotType<PaxTarEntry>(entries[0]); // no extended header: the overlay attribute was dropped
        var entry = entries[1];
        Assert.Equal(TarEntryType.CharacterDevice, entry.EntryType);
    }
}
