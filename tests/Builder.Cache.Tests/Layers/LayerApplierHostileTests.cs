using System.Formats.Tar;
using Builder.Cache.Layers;
using Builder.Cache.Oci;
using Builder.TestKit;
using Xunit;

namespace Builder.Cache.Tests.Layers;

/// <summary>
/// Hostile and corrupt layers: each must fail with a <see cref="LayerApplyException"/> naming the
/// entry, leave no target (nor temp directory) behind, and leave a sentinel directory next to the
/// target untouched.
/// </summary>
public sealed class LayerApplierHostileTests : IDisposable
{
    private readonly TempDirectory _dir = new("applier-hostile");

    public LayerApplierHostileTests()
    {
        Directory.CreateDirectory(Sentinel);
        File.WriteAllText(Path.Combine(Sentinel, "keep"), "sentinel");
    }

    public void Dispose() => Fs.Remove(_dir);

    private string Target => _dir.Combine("target");

    private string Sentinel => _dir.Combine("sentinel");

    public static TheoryData<string> EscapingNames => new() { "../x", "/../../x", "a/../../x", "./../sentinel/keep", "a/b/../../../sentinel/evil" };

    [Theory]
    [MemberData(nameof(EscapingNames))]
    public async Task Names_climbing_out_with_dot_dot_are_rejected(string name)
    {
        var e = await AssertHostileAsync(new LayerTar().File("ok", "1").File(name, "evil").ToArray(), name);
        Assert.Contains("climbs out of the root", e.Message);
    }

    [Fact]
    public async Task Absolute_and_dot_slash_names_are_root_relative_not_rejected()
    {
        await Fs.ApplyAsync(new LayerTar().File("/etc/abs", "1").File("./rel", "2").File("a/./b/../c", "3").ToArray(), Target);
        Assert.Equal(new[] { "a/", "a/c", "etc/", "etc/abs", "rel" }, Fs.Tree(Target));
        AssertSentinelUntouched();
    }

    [Fact]
    public async Task Write_through_an_absolute_symlink_is_rejected()
    {
        var tar = new LayerTar().Symlink("a", Sentinel).File("a/evil", "x").ToArray();
        var e = await AssertHostileAsync(tar, "a/evil");
        Assert.Contains("resolves through symlink 'a'", e.Message);
        Assert.Contains("to outside the root", e.Message);
    }

    [Fact]
    public async Task Write_through_a_symlink_in_the_middle_of_the_path_is_rejected()
    {
        var tar = new LayerTar().Dir("d/").Symlink("d/up", "../..").File("d/up/sentinel/evil", "x").ToArray();
        var e = await AssertHostileAsync(tar, "d/up/sentinel/evil");
        Assert.Contains("symlink 'd/up'", e.Message);
    }

    [Fact]
    public async Task Chains_of_dot_dot_symlinks_are_rejected()
    {
        var tar = new LayerTar().Symlink("up", "..").Symlink("up2", "up/..").File("up2/sentinel/evil", "x").ToArray();
        await AssertHostileAsync(tar, "up2/sentinel/evil");
    }

    [Fact]
    public async Task Write_through_a_symlink_pointing_inside_the_root_is_rejected_too()
    {
        var tar = new LayerTar().Dir("usr/lib/").Symlink("lib", "usr/lib").File("lib/x.so", "x").ToArray();
        var e = await AssertHostileAsync(tar, "lib/x.so");
        Assert.Contains("never reached through symlinks", e.Message);
    }

    [Fact]
    public async Task A_directory_replaced_by_a_symlink_is_not_written_through()
    {
        var tar = new LayerTar().Dir("d/").File("d/ok", "1").Symlink("d", Sentinel).File("d/evil", "x").ToArray();
        await AssertHostileAsync(tar, "d/evil");
    }

    [Fact]
    public async Task Hardlink_to_etc_passwd_is_rejected()
    {
        var before = Fs.Stat("/etc/passwd").NLink;
        var e = await AssertHostileAsync(new LayerTar().Hardlink("passwd", "/etc/passwd").ToArray(), "passwd");
        Assert.Contains("does not exist in the layer or below it", e.Message);
        Assert.Equal(before, Fs.Stat("/etc/passwd").NLink);
    }

    [Fact]
    public async Task Hardlink_to_dot_dot_outside_is_rejected()
    {
        var e = await AssertHostileAsync(new LayerTar().Hardlink("l", "../sentinel/keep").ToArray(), "l");
        Assert.Contains("climbs out of the root", e.Message);
        Assert.Equal(1u, Fs.Stat(Path.Combine(Sentinel, "keep")).NLink);
    }

    [Fact]
    public async Task Hardlink_through_a_symlink_is_rejected()
    {
        var tar = new LayerTar().Symlink("s", Sentinel).Hardlink("l", "s/keep").ToArray();
        var e = await AssertHostileAsync(tar, "l");
        Assert.Contains("resolves through symlink 's'", e.Message);
        Assert.Equal(1u, Fs.Stat(Path.Combine(Sentinel, "keep")).NLink);
    }

    [Fact]
    public async Task Hardlink_to_a_directory_is_rejected()
    {
        await AssertHostileAsync(new LayerTar().Dir("d/").Hardlink("l", "d").ToArray(), "l");
    }

    [Fact]
    public async Task Nul_in_a_name_is_rejected()
    {
        var e = await AssertHostileAsync(new LayerTar().File("a\0b", "x").ToArray(), "a\0b");
        Assert.Contains("'a\\x00b'", e.Message);
        Assert.Contains("NUL", e.Message);
    }

    [Fact]
    public async Task Nul_in_a_symlink_target_is_rejected()
    {
        await AssertHostileAsync(new LayerTar().Symlink("l", "/etc\0/passwd").ToArray(), "l");
    }

    [Fact]
    public async Task Non_directory_replacing_the_root_is_rejected()
    {
        await AssertHostileAsync(new LayerTar().File("./", "x").ToArray(), "./");
    }

    [Fact]
    public async Task Truncated_file_data_is_rejected()
    {
        var tar = new LayerTar().File("small", "1").File("big", new string('b', 5000)).ToArray();
        var e = await AssertHostileAsync(tar[..4600], "big"); // PAX headers make 'big' start at 3072 and its data at 3584
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public async Task Tar_cut_between_entries_without_end_marker_is_rejected()
    {
        var full = new LayerTar().File("a", "1").File("b", "2").ToArray();
        var e = await AssertHostileAsync(full[..2048], "a"); // after 'a' (PAX header, header, data block)
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public async Task Truncated_gzip_is_rejected()
    {
        var blob = LayerTar.Gzip(new LayerTar().File("a", new string('a', 100_000)).File("b", "2").ToArray());
        var e = await Assert.ThrowsAsync<LayerApplyException>(() => Fs.ApplyAsync(blob[..(blob.Length / 2)], Target, compression: LayerCompression.Gzip));
        Assert.Contains("truncated", e.Message);
        AssertNothingLeft();
    }

    [Fact]
    public async Task Corrupt_gzip_crc_is_rejected()
    {
        var blob = LayerTar.Gzip(new LayerTar().File("a", "content").ToArray());
        blob[^6] ^= 0xFF; // inside the CRC32 of the trailer
        var e = await Assert.ThrowsAsync<LayerApplyException>(() => Fs.ApplyAsync(blob, Target, compression: LayerCompression.Gzip));
        Assert.Contains("gzip stream is corrupt", e.Message);
        AssertNothingLeft();
    }

    [Fact]
    public async Task Wrong_expected_blob_digest_is_rejected_after_unpacking_everything()
    {
        var blob = new LayerTar().File("a", "1").ToArray();
        var wrong = Digest.Compute("something else"u8);
        var options = new ApplyOptions { Expected = new Descriptor(MediaTypes.OciLayer, wrong, blob.Length) };
        var e = await Assert.ThrowsAsync<LayerApplyException>(() => Fs.ApplyAsync(blob, Target, options));
        Assert.StartsWith($"layer {wrong}", e.Message);
        Assert.Contains($"hashes to {Digest.Compute(blob)}", e.Message);
        AssertNothingLeft();
    }

    [Fact]
    public async Task Wrong_expected_size_is_rejected()
    {
        var blob = new LayerTar().File("a", "1").ToArray();
        var options = new ApplyOptions { Expected = new Descriptor(MediaTypes.OciLayer, Digest.Compute(blob), blob.Length + 1) };
        await Assert.ThrowsAsync<LayerApplyException>(() => Fs.ApplyAsync(blob, Target, options));
        AssertNothingLeft();
    }

    [Fact]
    public async Task Wrong_expected_diff_id_is_rejected()
    {
        var tar = new LayerTar().File("a", "1").ToArray();
        var options = new ApplyOptions { ExpectedDiffId = Digest.Compute("not it"u8) };
        var e = await Assert.ThrowsAsync<LayerApplyException>(() => Fs.ApplyAsync(LayerTar.Gzip(tar), Target, options, LayerCompression.Gzip));
        Assert.Contains($"uncompressed tar hashes to {Digest.Compute(tar)}", e.Message);
        AssertNothingLeft();
    }

    [Fact]
    public async Task Whiteout_under_a_symlink_does_not_delete_outside()
    {
        Directory.CreateDirectory(Target);
        await Fs.ApplyOnAsync(new LayerTar().Symlink("a", Sentinel).ToArray(), Target);

        var e = await Assert.ThrowsAsync<LayerApplyException>(() => Fs.ApplyOnAsync(new LayerTar().Whiteout("a", "keep").ToArray(), Target));

        Assert.Contains("'a/.wh.keep'", e.Message);
        Assert.Contains("must be discarded", e.Message); // in place: the caller is told to throw it away
        AssertSentinelUntouched();
    }

    [Fact]
    public async Task Opaque_marker_under_a_symlink_does_not_empty_outside()
    {
        Directory.CreateDirectory(Target);
        await Fs.ApplyOnAsync(new LayerTar().Symlink("a", Sentinel).ToArray(), Target);
        await Assert.ThrowsAsync<LayerApplyException>(() => Fs.ApplyOnAsync(new LayerTar().Opaque("a").ToArray(), Target));
        AssertSentinelUntouched();
    }

    [Fact]
    public async Task Whiteout_of_dot_dot_is_rejected()
    {
        await AssertHostileAsync(new LayerTar().Dir("d/").File("d/.wh...", string.Empty).ToArray(), "d/.wh...");
    }

    [Fact]
    public async Task Entry_message_names_the_layer_digest_when_known()
    {
        var blob = new LayerTar().File("../x", "evil").ToArray();
        var options = new ApplyOptions { Expected = new Descriptor(MediaTypes.OciLayer, Digest.Compute(blob), blob.Length) };
        var e = await Assert.ThrowsAsync<LayerApplyException>(() => Fs.ApplyAsync(blob, Target, options));
        Assert.Equal($"layer {Digest.Compute(blob)} entry '../x' climbs out of the root with '..'; the layer is hostile or corrupt", e.Message);
        Assert.Equal("../x", e.Entry);
    }

    private async Task<LayerApplyException> AssertHostileAsync(byte[] tar, string entry)
    {
        var e = await Assert.ThrowsAsync<LayerApplyException>(() => Fs.ApplyAsync(tar, Target));
        Assert.Equal(entry, e.Entry);
        Assert.Contains($"'{LayerApplierErrorsView.Printable(entry)}'", e.Message);
        AssertNothingLeft();
        return e;
    }

    private void AssertNothingLeft()
    {
        Assert.False(Fs.Exists(Target), "the target must not exist after a failed fresh apply");
        Assert.Equal(new[] { "sentinel/", "sentinel/keep" }, Fs.Tree(_dir.Path));
        AssertSentinelUntouched();
    }

    private void AssertSentinelUntouched()
    {
        Assert.Equal(new[] { "keep" }, Fs.Tree(Sentinel));
        Assert.Equal("sentinel", File.ReadAllText(Path.Combine(Sentinel, "keep")));
        Assert.Equal(1u, Fs.Stat(Path.Combine(Sentinel, "keep")).NLink);
    }

    private static class LayerApplierErrorsView
    {
        public static string Printable(string name) => name.Replace("\0", "\\x00", StringComparison.Ordinal);
    }
}
