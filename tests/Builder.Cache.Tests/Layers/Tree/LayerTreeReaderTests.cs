using System.Net.Sockets;
using System.Text;
using Builder.Cache.Layers;
using Builder.Cache.Layers.Native;
using Builder.Cache.Layers.Tree;
using Builder.Cache.Tests.Layers.Support;
using Xunit;

namespace Builder.Cache.Tests.Layers.Tree;

public sealed class LayerTreeReaderTests : IDisposable
{
    private readonly LayerStore _layers = new();

    public void Dispose() => _layers.Dispose();

    private static List<string> Paths(TreeBuilder tree, LayerSourceKind kind = LayerSourceKind.Directory) =>
        new LayerTreeReader(kind).Read(tree.Root).Select(e => Encoding.UTF8.GetString(e.Path)).ToList();

    [Fact]
    public void Entries_are_depth_first_with_siblings_in_byte_order()
    {
        var tree = _layers.NewTree()
            .File("b", "b").File("a-b", "").File("a/x", "").File("a/Z", "").File("A", "").File(".hidden", "")
            .File("é", "").File("z", "");

        // Byte order: '.' < 'A' < 'Z' < 'a' < 'b' < 'z' < 0xC3 (é). A directory comes right before its
        // contents, so "a/..." precedes the sibling "a-b" although '-' < '/'.
        Assert.Equal([".hidden", "A", "a", "a/Z", "a/x", "a-b", "b", "z", "é"], Paths(tree));
    }

    [Fact]
    public void The_root_is_not_an_entry_and_sockets_are_skipped()
    {
        var tree = _layers.NewTree().File("f", "x");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(tree.Path("sock")));

        Assert.Equal(["f"], Paths(tree));
    }

    [Fact]
    public void Names_that_are_not_UTF8_keep_their_bytes()
    {
        var tree = _layers.NewTree();
        byte[] name = [(byte)'f', 0xFF, 0xFE, (byte)'o'];
        NativeFile.MakeNode(NativePath.FromString(tree.Root).Child(name), FileKind.Regular, 0x1A4);

        var entry = Assert.Single(new LayerTreeReader(LayerSourceKind.Directory).Read(tree.Root));
        Assert.Equal(name, entry.Path);

        // The PAX path record carries the raw bytes.
        var layer = _layers.WriteTree(tree);
        Assert.True(_layers.Tar(layer).AsSpan().IndexOf([.. " path="u8, .. name, (byte)'\n']) > 0);
    }

    [Fact]
    public void Names_reserved_for_whiteouts_are_refused()
    {
        var tree = _layers.NewTree().File("dir/.wh.secret", "");
        var e = Assert.Throws<IOException>(() => Paths(tree));
        Assert.Contains(".wh.", e.Message, StringComparison.Ordinal);
        Assert.Contains("rename", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_or_non_directory_source_is_a_clear_error()
    {
        var missing = _layers.Scratch("nope");
        Assert.Throws<DirectoryNotFoundException>(() => new LayerTreeReader(LayerSourceKind.Directory).Read(missing));

        var tree = _layers.NewTree().File("f", "x");
        var e = Assert.Throws<IOException>(() => new LayerTreeReader(LayerSourceKind.Directory).Read(tree.Path("f")));
        Assert.Contains("not a directory", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Overlay_attributes_are_never_kept_but_user_and_capability_attributes_are()
    {
        var tree = _layers.NewTree().File("f", "x")
            .Xattr("f", "user.overlay.origin", "o").Xattr("f", "user.note", "kept");

        var entry = Assert.Single(new LayerTreeReader(LayerSourceKind.Directory).Read(tree.Root));
        Assert.Equal(["user.note"], entry.Xattrs.Select(x => x.Name));
    }
}
