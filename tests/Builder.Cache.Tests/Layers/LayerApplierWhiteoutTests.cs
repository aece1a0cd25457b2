using System.Diagnostics;
using System.Formats.Tar;
using Builder.Cache.Layers;
using Builder.Cache.Layers.Native;
using Builder.TestKit;
using Xunit;

namespace Builder.Cache.Tests.Layers;

/// <summary>Whiteouts and opaque directories, applied as deletions on a lower directory or as overlayfs whiteouts.</summary>
public sealed class LayerApplierWhiteoutTests : IDisposable
{
    private readonly TempDirectory _dir = new("applier-whiteout");

    public void Dispose() => Fs.Remove(_dir);

    private static byte[] Lower => new LayerTar()
        .File("keep", "k")
        .File("gone", "g")
        .Dir("tree/")
        .File("tree/a", "a")
        .Dir("tree/sub/")
        .File("tree/sub/b", "b")
        .Dir("opq/")
        .File("opq/old1", "1")
        .Dir("opq/olddir/")
        .File("opq/olddir/x", "x")
        .Symlink("link", "/etc")
        .ToArray();

    private static byte[] Upper => new LayerTar()
        .Whiteout(string.Empty, "gone")
        .Whiteout(string.Empty, "tree") // a whole tree
        .Whiteout(string.Empty, "link") // the symlink itself, not /etc
        .Whiteout(string.Empty, "never-existed")
        .Dir("opq/")
        .Opaque("opq")
        .File("opq/new", "n")
        .ToArray();

    [Fact]
    public async Task Whiteouts_delete_files_trees_and_symlinks_of_the_lower_layer()
    {
        var root = _dir.Combine("rootfs");
        await Fs.ApplyAsync(Lower, root);
        var result = await Fs.ApplyOnAsync(Upper, root);

        Assert.Equal(new[] { "keep", "opq/", "opq/new" }, Fs.Tree(root));
        Assert.True(Directory.Exists("/etc"));
        Assert.Equal(4, result.Counts.Whiteouts);
        Assert.Equal(1, result.Counts.OpaqueDirectories);
    }

    [Fact]
    public async Task Opaque_marker_after_siblings_of_the_same_layer_keeps_them()
    {
        var root = _dir.Combine("rootfs");
        await Fs.ApplyAsync(Lower, root);
        var upper = new LayerTar()
            .Dir("opq/")
            .File("opq/early", "e")
            .Dir("opq/olddir/") // re-listed by this layer: kept, but its lower children are hidden
            .File("opq/olddir/y", "y")
            .Opaque("opq")
            .File("opq/late", "l")
            .ToArray();

        await Fs.ApplyOnAsync(upper, root);

        Assert.Equal(new[] { "opq/", "opq/early", "opq/late", "opq/olddir/", "opq/olddir/y" }, Fs.Tree(root).Where(p => p.StartsWith("opq/", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Whiteout_of_an_entry_of_the_same_layer_is_ignored_with_a_warning()
    {
        var tar = new LayerTar().File("f", "x").Whiteout(string.Empty, "f").ToArray();
        var result = await Fs.ApplyAsync(tar, _dir.Combine("rootfs"));
        Assert.Equal(new[] { "f" }, Fs.Tree(_dir.Combine("rootfs")));
        Assert.Contains(result.Warnings, w => w.Entry == ".wh.f");
    }

    [Fact]
    public async Task Whiteout_files_are_never_written_in_delete_mode()
    {
        var root = _dir.Combine("rootfs");
        await Fs.ApplyAsync(new LayerTar().Whiteout("d", "x").Opaque("e").ToArray(), root);
        Assert.Empty(Fs.Tree(root));
    }

    [Fact]
    public async Task Aufs_metadata_is_skipped()
    {
        var result = await Fs.ApplyAsync(new LayerTar().File(".wh..wh.plnk/1.2", "x").File(".wh..wh.aufs", "y").ToArray(), _dir.Combine("rootfs"));
        Assert.Empty(Fs.Tree(_dir.Combine("rootfs")));
        Assert.Equal(2, result.Counts.Skipped);
    }

    [RootFact]
    public async Task Overlay_mode_writes_overlayfs_whiteouts()
    {
        Requirements.Root();
        var upper = _dir.Combine("upper");

        var result = await Fs.ApplyAsync(Upper, upper, new ApplyOptions { WhiteoutMode = WhiteoutMode.Overlay });

        var gone = Fs.Stat(Path.Combine(upper, "gone"));
        Assert.Equal(ApplierLibC.S_IFCHR, gone.Type);
        Assert.Equal((0u, 0u), (gone.RdevMajor, gone.RdevMinor));
        Assert.Equal(ApplierLibC.S_IFCHR, Fs.Stat(Path.Combine(upper, "tree")).Type);
        Assert.Equal("y"u8.ToArray(), ApplierLibC.LGetXattr(Path.Combine(upper, "opq"), "trusted.overlay.opaque"));
        Assert.False(Fs.Exists(Path.Combine(upper, ".wh.gone")));
        Assert.False(Fs.Exists(Path.Combine(upper, "opq/.wh..wh..opq")));
        Assert.Equal(4, result.Counts.Whiteouts);
    }

    [RootFact]
    public async Task Overlay_mount_of_overlay_mode_layers_equals_the_deleted_tree()
    {
        Requirements.Root();
        var flat = _dir.Combine("flat");
        await Fs.ApplyAsync(Lower, flat);
        await Fs.ApplyOnAsync(Upper, flat);

        var lower = _dir.Combine("lower");
        var upper = _dir.Combine("upper");
        var merged = _dir.Combine("merged");
        var overlay = new ApplyOptions { WhiteoutMode = WhiteoutMode.Overlay };
        await Fs.ApplyAsync(Lower, lower, overlay);
        await Fs.ApplyAsync(Upper, upper, overlay);
        Directory.CreateDirectory(merged);

        Run("mount", "-t", "overlay", "overlay", "-o", $"lowerdir={upper}:{lower}", merged);
        try
        {
            Assert.Equal(Fs.Tree(flat), Fs.Tree(merged));
        }
        finally
        {
            Run("umount", merged);
        }
    }

    private static void Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', arguments)}: {stderr}");
    }
}
