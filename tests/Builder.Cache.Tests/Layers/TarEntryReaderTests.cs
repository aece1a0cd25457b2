using System.Buffers.Binary;
using System.Formats.Tar;
using System.Text;
using Builder.Cache.Layers;
using Builder.Cache.Layers.Native;
using Builder.TestKit;
using Xunit;

namespace Builder.Cache.Tests.Layers;

public sealed class TarEntryReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new("applier-reader");

    public void Dispose() => Fs.Remove(_dir);

    private string Target => _dir.Combine("target");

    [Fact]
    public async Task Utf8_xattr_values_from_tar_writer_are_applied()
    {
        var pax = new Dictionary<string, string> { ["SCHILY.xattr.user.comment"] = "héllo wörld" };
        var result = await Fs.ApplyAsync(new LayerTar().File("f", "x", pax: pax).ToArray(), Target);
        var value = ApplierLibC.LGetXattr(Path.Combine(Target, "f"), "user.comment");
        if (value is null)
        {
            Assert.Contains(result.Warnings, w => w.Message.Contains("user.comment", StringComparison.Ordinal)); // no user xattrs on this file system
            return;
        }

        Assert.Equal("héllo wörld", Encoding.UTF8.GetString(value));
    }

    [Fact]
    public async Task Base256_size_fields_are_framed_like_tar_reader_frames_them()
    {
        var tar = new LayerTar(TarEntryFormat.Gnu).File("a", "12345").File("b", "after").ToArray();
        // Rewrite a's size (5) in GNU base-256 form: 0x80 then a big-endian number.
        var size = tar.AsSpan(124, 12);
        size.Clear();
        size[0] = 0x80;
        BinaryPrimitives.WriteInt64BigEndian(size.Slice(4), 5);
        var checksum = tar.AsSpan(148, 8);
        checksum.Fill((byte)' ');
        int sum = tar.AsSpan(0, 512).ToArray().Sum(b => b);
        Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 ").CopyTo(checksum);

        await Fs.ApplyAsync(tar, Target);

        Assert.Equal("12345", File.ReadAllText(Path.Combine(Target, "a")));
        Assert.Equal("after", File.ReadAllText(Path.Combine(Target, "b")));
    }

    [Fact]
    public async Task Pax_xattrs_after_a_large_data_section_stay_with_their_entry()
    {
        var first = new Dictionary<string, string> { ["SCHILY.xattr.user.first"] = "1" };
        var second = new Dictionary<string, string> { ["SCHILY.xattr.user.second"] = "2" };
        var tar = new LayerTar().File("one", new string('1', 70_000), pax: first).File("two", "2", pax: second).ToArray();

        await Fs.ApplyAsync(tar, Target);

        if (ApplierLibC.LGetXattr(Path.Combine(Target, "one"), "user.first") is { } one)
        {
            Assert.Equal("1"u8.ToArray(), one);
            Assert.Null(ApplierLibC.LGetXattr(Path.Combine(Target, "one"), "user.second"));
            Assert.Equal("2"u8.ToArray(), ApplierLibC.LGetXattr(Path.Combine(Target, "two"), "user.second"));
        }
    }

    [Theory]
    [InlineData("posix")]
    [InlineData("gnu")]
    public async Task Gnu_sparse_files_are_rejected_rather_than_written_wrong(string format)
    {
        var source = _dir.Combine("src");
        Directory.CreateDirectory(source);
        using (var file = File.Create(Path.Combine(source, "sparse")))
        {
            file.Seek(1 << 20, SeekOrigin.Begin);
            file.WriteByte(1);
        }

        var tarPath = _dir.Combine("sparse.tar");
        GnuTar.Run($"--format={format}", "--sparse", "-cf", tarPath, "-C", source, "sparse");

        var e = await Assert.ThrowsAsync<LayerApplyException>(() => Fs.ApplyAsync(File.ReadAllBytes(tarPath), Target));

        Assert.Contains("sparse", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.False(Fs.Exists(Target));
    }

    [Fact]
    public async Task Global_pax_headers_are_not_files()
    {
        var tar = new LayerTar()
            .Add(new PaxGlobalExtendedAttributesTarEntry(new Dictionary<string, string> { ["comment"] = "from git archive" }))
            .File("a", "x")
            .ToArray();

        var result = await Fs.ApplyAsync(tar, Target);

        Assert.Equal(new[] { "a" }, Fs.Tree(Target));
        Fs.AssertNoWarnings(result);
    }
}
