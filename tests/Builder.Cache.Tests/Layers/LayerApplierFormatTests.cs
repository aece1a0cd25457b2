using Builder.Cache.Layers.Native;
using Builder.TestKit;
using Xunit;

namespace Builder.Cache.Tests.Layers;

/// <summary>Layers written by GNU tar in each tar dialect TarReader reads: V7, ustar, GNU, PAX.</summary>
public sealed class LayerApplierFormatTests : IDisposable
{
    private static readonly string LongName = string.Join('/', Enumerable.Repeat("directory-with-a-long-name", 5)) + "/file";

    private readonly TempDirectory _dir = new("applier-format");

    public void Dispose() => Fs.Remove(_dir);

    [Theory]
    [InlineData("v7", false)]
    [InlineData("ustar", false)]
    [InlineData("gnu", true)]
    [InlineData("posix", true)]
    public async Task Gnu_tar_layers_apply_with_the_same_tree(string format, bool longNames)
    {
        var source = MakeSource(longNames, fifo: format != "v7");
        var tarPath = _dir.Combine($"{format}.tar");
        GnuTar.Run($"--format={format}", "--numeric-owner", "-cf", tarPath, "-C", source, ".");
        var target = _dir.Combine($"out-{format}");

        var result = await Fs.ApplyAsync(File.ReadAllBytes(tarPath), target);

        Assert.Equal(Fs.Tree(source), Fs.Tree(target));
        foreach (var relative in Fs.Tree(source))
        {
            var a = Fs.Stat(Path.Combine(source, relative));
            var b = Fs.Stat(Path.Combine(target, relative));
            Assert.Equal(a.Type, b.Type);
            if (!a.IsSymlink)
            {
                Assert.True(a.Permissions == b.Permissions, $"{format} {relative}: mode {b.Permissions:x} instead of {a.Permissions:x}");
            }

            if (!a.IsDirectory)
            {
                Assert.True(a.MtimeSeconds == b.MtimeSeconds, $"{format} {relative}: mtime {b.MtimeSeconds} instead of {a.MtimeSeconds}");
            }
        }

        Assert.Equal("content", File.ReadAllText(Path.Combine(target, "dir/file")));
        Assert.Equal(Fs.Stat(Path.Combine(target, "dir/file")).Ino, Fs.Stat(Path.Combine(target, "hard")).Ino);
        Assert.Equal("dir/file", new FileInfo(Path.Combine(target, "soft")).LinkTarget);
        if (longNames)
        {
            Assert.Equal("deep", File.ReadAllText(Path.Combine(target, LongName)));
            Assert.Equal(LongName, new FileInfo(Path.Combine(target, "long-link")).LinkTarget);
        }

        Fs.AssertNoWarnings(result);
    }

    private string MakeSource(bool longNames, bool fifo)
    {
        var source = _dir.Combine("src-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(source, "dir"));
        var file = Path.Combine(source, "dir/file");
        File.WriteAllText(file, "content");
        Assert.Equal(0, ApplierLibC.Chmod(file, 0x1E4)); // 0744
        Assert.Equal(0, ApplierLibC.Chmod(Path.Combine(source, "dir"), 0x1E8)); // 0750
        Assert.Equal(0, ApplierLibC.Link(file, Path.Combine(source, "hard")));
        Assert.Equal(0, ApplierLibC.Symlink("dir/file", Path.Combine(source, "soft")));
        if (fifo)
        {
            Assert.Equal(0, ApplierLibC.Mknod(Path.Combine(source, "fifo"), ApplierLibC.S_IFIFO | 0x1A4, 0));
            Assert.Equal(0, ApplierLibC.Chmod(Path.Combine(source, "fifo"), 0x1A4));
        }

        File.WriteAllText(Path.Combine(source, "empty"), string.Empty);
        if (longNames)
        {
            var deep = Path.Combine(source, LongName);
            Directory.CreateDirectory(Path.GetDirectoryName(deep)!);
            File.WriteAllText(deep, "deep");
            Assert.Equal(0, ApplierLibC.Symlink(LongName, Path.Combine(source, "long-link")));
        }

        return source;
    }
}
