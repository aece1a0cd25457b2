using System.Formats.Tar;
using Builder.Cache.Content;
using Builder.Cache.Layers;
using Builder.Cache.Oci;
using Builder.TestKit;

namespace Builder.Cache.Tests.Layers.Support;

/// <summary>A content store in a temp dir plus helpers to write and read back layers.</summary>
internal sealed class LayerStore : IDisposable
{
    private readonly TempDirectory _dir = new("builder-layers");

    public LayerStore()
    {
        Store = new ContentStore(new StoreRoot(_dir.Combine("store")));
    }

    public ContentStore Store { get; }

    /// <summary>A fresh empty folder for a source tree.</summary>
    public TreeBuilder NewTree(string name = "tree")
    {
        var path = _dir.Combine(name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(path);
        return new TreeBuilder(path);
    }

    public string Scratch(string name) => _dir.Combine(name);

    public LayerResult Write(LayerSource source, LayerWriterOptions? options = null) =>
        new LayerWriter(Store, options).Write(source);

    public LayerResult WriteTree(TreeBuilder tree, LayerCompression compression = LayerCompression.None, DateTimeOffset? epoch = null) =>
        Write(LayerSource.Directory(tree.Root), new LayerWriterOptions { Compression = compression, SourceDateEpoch = epoch });

    public string BlobPath(LayerResult layer) => Store.BlobPath(layer.Blob.Digest);

    /// <summary>The uncompressed tar, decompressed in process.</summary>
    public byte[] Tar(LayerResult layer)
    {
        using var blob = Store.OpenRead(layer.Blob.Digest);
        using var tar = LayerStreams.OpenDecompressed(blob, layer.Blob.MediaType);
        using var copy = new MemoryStream();
        tar.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>The tar written to a file (for GNU tar).</summary>
    public string TarFile(LayerResult layer)
    {
        var path = Scratch(layer.DiffId.Hex + ".tar");
        File.WriteAllBytes(path, Tar(layer));
        return path;
    }

    /// <summary>Reads back every entry with System.Formats.Tar.</summary>
    public List<TarEntry> Entries(LayerResult layer) => TarEntries.Read(Tar(layer));

    public void Dispose()
    {
        // .NET cannot delete names that are not UTF-8; rm can.
        Tools.Run("rm", "-rf", _dir.Path);
        _dir.Dispose();
    }
}
