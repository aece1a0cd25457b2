using System.Collections.Immutable;
using Builder.Cache;
using Builder.Cache.Content;
using Builder.Cache.Layers;
using Builder.Cache.Oci;
using Builder.Executor.Snapshots;
using Builder.Executor.Snapshots.Native;
using Builder.TestKit;

namespace Builder.Executor.Tests.Snapshots;

/// <summary>
/// A store in a temp folder with a three-layer chain: a plain tree, an overlay upper dir with a
/// whiteout (so needs root), and another plain tree.
/// </summary>
internal sealed class SnapshotFixture : IDisposable
{
    public static readonly DateTime Fixed = new(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    private readonly TempDirectory _temp = new("snapshots");

    public SnapshotFixture()
    {
        Root = new StoreRoot(_temp.Combine("store")).EnsureCreated();
        Store = new ContentStore(Root);
        Writer = new LayerWriter(Store, LayerWriterOptions.Default with { MaxParallelism = 1 });
        Snapshots = new SnapshotStore(Root, Store);
    }

    public StoreRoot Root { get; }

    public ContentStore Store { get; }

    public LayerWriter Writer { get; }

    public SnapshotStore Snapshots { get; }

    public string Scratch(string name)
    {
        var path = _temp.Combine(name);
        Directory.CreateDirectory(path);
        return path;
    }

    public LayerRef WriteLayer(LayerSource source)
    {
        var result = Writer.Write(source);
        return new LayerRef(result.Blob, result.DiffId);
    }

    /// <summary>The chain every session test starts from.</summary>
    public ImmutableArray<LayerRef> ThreeLayers()
    {
        var one = Scratch("layer1");
        Write(one, "etc/config", "a=1\n");
        Write(one, "etc/remove-me", "bye\n");
        Write(one, "etc/layer3-owned", "x\n");
        Write(one, "data/a", "shared\n");
        Link(one, "data/a", "data/a2");
        Write(one, "data/single", "single\n");
        Write(one, "data/obsolete", "old\n");
        File.CreateSymbolicLink(Path.Combine(one, "data/link"), "a");
        Write(one, "gone/x/y", "deep\n");
        Write(one, "replace/inner", "inner\n");
        Write(one, "opq/old1", "1\n");
        Write(one, "opq/old2", "2\n");
        Write(one, "keep/file", "keep\n");
        Write(one, "bin/tool", "#!/bin/sh\n", mode: 0x1ED);

        var two = Scratch("layer2");
        Write(two, "etc/layer2", "two\n");
        Directory.CreateDirectory(Path.Combine(two, "data"));
        SnapshotLibC.Check(SnapshotLibC.mknod(Path.Combine(two, "data/obsolete"), 0x2000, 0), "mknod", "whiteout");

        var three = Scratch("layer3");
        Write(three, "etc/layer3", "three\n");
        Write(three, "usr/bin/thing", "thing\n");
        return [WriteLayer(LayerSource.Directory(one)), WriteLayer(LayerSource.OverlayUpper(two)), WriteLayer(LayerSource.Directory(three))];
    }

    /// <summary>Every kind of change a RUN step can make. Needs root (chown, mknod).</summary>
    public static void Mutate(string m)
    {
        Write(m, "new.txt", "new\n");
        File.AppendAllText(Path.Combine(m, "etc/config"), "b=2\n");
        File.SetLastWriteTimeUtc(Path.Combine(m, "etc/config"), Fixed);
        File.Delete(Path.Combine(m, "etc/remove-me"));
        Directory.Delete(Path.Combine(m, "gone"), recursive: true);
        Directory.Delete(Path.Combine(m, "replace"), recursive: true);
        Write(m, "replace", "now a file\n");
        SnapshotLibC.Check(SnapshotLibC.chmod(Path.Combine(m, "bin/tool"), 0x1C0), "chmod", "bin/tool");
        SnapshotLibC.Check(SnapshotLibC.lchown(Path.Combine(m, "etc/layer3-owned"), 1000, 1000), "lchown", "etc/layer3-owned");
        Link(m, "data/single", "data/single-link");
        Write(m, "pair/one", "pair\n");
        Link(m, "pair/one", "pair/two");
        File.CreateSymbolicLink(Path.Combine(m, "new-link"), "etc/config");
        SnapshotLibC.SetXattr(Path.Combine(m, "keep/file"), "user.test", "v"u8.ToArray());
        SnapshotLibC.Check(SnapshotLibC.mknod(Path.Combine(m, "fifo"), 0x1000 | 0x1A4, 0), "mknod", "fifo");
        SnapshotLibC.Check(SnapshotLibC.mknod(Path.Combine(m, "null"), 0x2000 | 0x1B6, (1UL << 8) | 3), "mknod", "null");
        SnapshotLibC.Check(SnapshotLibC.chmod(Path.Combine(m, "null"), 0x1B6), "chmod", "null"); // mknod's mode is masked by the umask
        Directory.Delete(Path.Combine(m, "opq"), recursive: true);
        Directory.CreateDirectory(Path.Combine(m, "opq"));
        Write(m, "opq/fresh", "fresh\n");
    }

    /// <summary>The chain plus <paramref name="extra"/> applied (OCI whiteouts deleting) into a fresh folder.</summary>
    public async Task<string> ApplyAsync(string name, IEnumerable<LayerRef> chain, params LayerRef[] extra)
    {
        var target = Scratch(name);
        foreach (var layer in chain.Concat(extra))
        {
            await using var blob = Store.OpenRead(layer.Blob.Digest);
            await LayerApplier.ApplyAsync(blob, MediaTypes.CompressionOf(layer.Blob.MediaType), target, new ApplyOptions { Target = ApplyTarget.Existing }, CancellationToken.None);
        }

        return target;
    }

    public static void Write(string root, string relative, string content, uint mode = 0x1A4)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        SnapshotLibC.Check(SnapshotLibC.chmod(path, mode), "chmod", path);
        File.SetLastWriteTimeUtc(path, Fixed);
    }

    public static void Link(string root, string existing, string link)
    {
        var target = Path.Combine(root, link);
        SnapshotLibC.Check(SnapshotLibC.linkat(SnapshotLibC.AtFdCwd, Path.Combine(root, existing), SnapshotLibC.AtFdCwd, target, 0), "link", target);
    }

    public void Dispose()
    {
        _temp.Dispose();
    }
}
