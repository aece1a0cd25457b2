using Builder.TestKit;
using Builder.Cache.Layers;
using Builder.Cache.Oci;
using Builder.Cache.Layers.Native;
using Builder.Cache.Tests.Layers.Support;
using Xunit;

namespace Builder.Cache.Tests.Layers;

/// <summary>Our layers as GNU tar reads them: listings and extraction.</summary>
public sealed class GnuTarInteropTests : IDisposable
{
    private readonly LayerStore _layers = new();

    public void Dispose() => _layers.Dispose();

    /// <summary><c>tar -tvf</c>, one (mode, owner, size, name) per line; names may contain " -> " or " link to ".</summary>
    private List<(string Mode, string Owner, string Size, string Name)> List(string tarFile)
    {
        var result = Tools.Run("tar", "--utc", "--quoting-style=literal", "-tvf", tarFile);
        Assert.True(result.ExitCode == 0 && result.Stderr.Length == 0, $"GNU tar: exit {result.ExitCode}: {result.Stderr}");
        return result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            var parts = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
            return (parts[0], parts[1], parts[2], parts[5]); // then date, time, name
        }).ToList();
    }

    [RootFact]
    public void GNU_tar_lists_names_modes_numeric_owners_and_link_targets()
    {
        Requirements.Root();
        var longDir = string.Join('/', Enumerable.Repeat("long-directory-name-number", 5));
        var veryLong = new string('v', 120) + "/" + new string('w', 200);
        var tree = _layers.NewTree()
            .Dir("bin").File("bin/su", "x").Owner("bin/su", 0, 0).Mode("bin/su", TreeBuilder.Mode755 | UnixFileMode.SetUser)
            .File("bin/wall", "x").Owner("bin/wall", 0, 5).Mode("bin/wall", TreeBuilder.Mode755 | UnixFileMode.SetGroup)
            .Dir("tmp", (UnixFileMode)0x3FF)
            .File("home/app/notes.txt", "hello", TreeBuilder.Mode644).Owner("home/app/notes.txt", 1000, 1000)
            .Symlink("bin/sh", "/bin/busybox")
            .File($"{longDir}/file.txt", "long")
            .File($"{veryLong}", "very long")
            .File("ünïcödé/名前.txt", "u")
            .Node("dev-null", FileKind.CharDevice, 1, 3, 0x1B6)
            .Node("fifo", FileKind.Fifo, permissions: 0x1A4);
        tree.HardLink("bin/su-again", "bin/su");
        Assert.True(longDir.Length + 9 > 100 && veryLong.Length > 255);

        var listing = List(_layers.TarFile(_layers.WriteTree(tree, LayerCompression.Gzip))).ToDictionary(l => l.Name);

        Assert.Equal(("-rwsr-xr-x", "0/0", "1"), (listing["bin/su"].Mode, listing["bin/su"].Owner, listing["bin/su"].Size));
        Assert.Equal(("-rwxr-sr-x", "0/5"), (listing["bin/wall"].Mode, listing["bin/wall"].Owner));
        Assert.Equal("drwxrwxrwt", listing["tmp/"].Mode);
        Assert.Equal(("-rw-r--r--", "1000/1000", "5"), (listing["home/app/notes.txt"].Mode, listing["home/app/notes.txt"].Owner, listing["home/app/notes.txt"].Size));
        Assert.Equal("lrwxrwxrwx", listing["bin/sh -> /bin/busybox"].Mode);
        Assert.Equal("hrwsr-xr-x", listing["bin/su-again link to bin/su"].Mode);
        Assert.Contains($"{longDir}/file.txt", listing.Keys);
        Assert.Contains(veryLong, listing.Keys);
        Assert.Contains("ünïcödé/名前.txt", listing.Keys);
        Assert.Equal(("crw-rw-rw-", "1,3"), (listing["dev-null"].Mode, listing["dev-null"].Size));
        Assert.Equal("prw-r--r--", listing["fifo"].Mode);
    }

    [RootFact]
    public void GNU_tar_extracts_the_same_tree_with_extended_attributes()
    {
        Requirements.Root();
        byte[] capability = [0x01, 0x00, 0x00, 0x02, 0x00, 0x20, 0x00, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]; // cap_net_raw, v2
        var tree = _layers.NewTree()
            .File("bin/ping", "elf", TreeBuilder.Mode755).Xattr("bin/ping", "security.capability", capability)
            .File("data", "d").Xattr("data", "user.mime_type", "text/plain").Xattr("data", "trusted.note", "t")
            .File(new string('n', 200) + "/" + new string('m', 200), "long name");
        var layer = _layers.WriteTree(tree, LayerCompression.Zstd);
        var tarFile = _layers.TarFile(layer);
        var output = _layers.Scratch("extracted");
        Directory.CreateDirectory(output);

        Tools.Shell($"tar --xattrs --xattrs-include='*' -xpf {Tools.Quote(tarFile)} -C {Tools.Quote(output)}");

        NativePath Out(string relative) => NativePath.FromString(Path.Combine(output, relative));
        Assert.Equal(capability, NativeFile.GetXattr(Out("bin/ping"), "security.capability"));
        Assert.Equal("text/plain"u8.ToArray(), NativeFile.GetXattr(Out("data"), "user.mime_type"));
        Assert.Equal("t"u8.ToArray(), NativeFile.GetXattr(Out("data"), "trusted.note"));
        Assert.Equal("long name", File.ReadAllText(Path.Combine(output, new string('n', 200), new string('m', 200))));

        // And a layer made from the extracted tree is the same layer.
        var again = _layers.WriteTree(new TreeBuilder(output), LayerCompression.Zstd);
        Assert.Equal(layer.DiffId, again.DiffId);
    }

    [Fact]
    public void GNU_tar_reads_the_raw_bytes_of_non_UTF8_names()
    {
        var tree = _layers.NewTree();
        NativeFile.MakeNode(NativePath.FromString(tree.Root).Child([(byte)'x', 0xFF]), FileKind.Regular, 0x1A4);
        var tarFile = _layers.TarFile(_layers.WriteTree(tree));

        var listing = Tools.Run("tar", "--quoting-style=escape", "-tf", tarFile);

        Assert.Equal("x\\377\n", listing.Stdout);
        Assert.Equal(string.Empty, listing.Stderr);
    }
}
