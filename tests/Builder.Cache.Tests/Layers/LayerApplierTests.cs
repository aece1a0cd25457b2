using System.Formats.Tar;
using Builder.Cache.Layers;
using Builder.Cache.Layers.Native;
using Builder.Cache.Oci;
using Builder.TestKit;
using Xunit;

namespace Builder.Cache.Tests.Layers;

public sealed class LayerApplierTests : IDisposable
{
    private readonly TempDirectory _dir = new("applier");

    public void Dispose() => Fs.Remove(_dir);

    private string Target => _dir.Combine("target");

    [Fact]
    public async Task Applies_files_directories_symlinks_and_fifos_into_a_fresh_target()
    {
        var tar = new LayerTar()
            .Dir("etc/")
            .File("etc/hostname", "box\n")
            .File("bin/tool", "#!/bin/sh\n", mode: (UnixFileMode)0x1ED)
            .Symlink("etc/localtime", "/usr/share/zoneinfo/UTC")
            .Symlink("bin/rel", "../etc/hostname")
            .Device(TarEntryType.Fifo, "run/pipe", 0, 0, mode: (UnixFileMode)0x180)
            .ToArray();

        var result = await Fs.ApplyAsync(tar, Target);

        Assert.Equal(new[] { "bin/", "bin/rel", "bin/tool", "etc/", "etc/hostname", "etc/localtime", "run/", "run/pipe" }, Fs.Tree(Target));
        Assert.Equal("box\n", File.ReadAllText(Path.Combine(Target, "etc/hostname")));
        Assert.Equal(0x1EDu, Fs.Stat(Path.Combine(Target, "bin/tool")).Permissions);
        Assert.Equal("/usr/share/zoneinfo/UTC", new FileInfo(Path.Combine(Target, "etc/localtime")).LinkTarget);
        Assert.True(Fs.Stat(Path.Combine(Target, "etc/localtime")).IsSymlink);
        Assert.Equal(ApplierLibC.S_IFIFO, Fs.Stat(Path.Combine(Target, "run/pipe")).Type);
        Assert.Equal(0x180u, Fs.Stat(Path.Combine(Target, "run/pipe")).Permissions);
        Assert.Equal(0x1EDu, Fs.Stat(Target).Permissions);
        Assert.Equal(new ApplyCounts(2, 1, 2, 0, 0, 1, 0, 0, 0, 14), result.Counts);
        Fs.AssertNoWarnings(result);
        Assert.Equal(Digest.Compute(tar), result.Digest);
        Assert.Equal(Digest.Compute(tar), result.DiffId);
        Assert.Equal(tar.Length, result.Size);
        Assert.Single(Directory.GetFileSystemEntries(_dir.Path)); // no temp directory left next to it
    }

    [Fact]
    public async Task Implicit_parents_are_0755_directories()
    {
        await Fs.ApplyAsync(new LayerTar().File("a/b/c", "x").ToArray(), Target);
        Assert.Equal(0x1EDu, Fs.Stat(Path.Combine(Target, "a/b")).Permissions);
        Assert.True(Fs.Stat(Path.Combine(Target, "a")).IsDirectory);
    }

    [Fact]
    public async Task Modes_keep_setuid_setgid_and_sticky_bits()
    {
        var tar = new LayerTar()
            .File("suid", "x", mode: (UnixFileMode)0x9ED) // 04755
            .File("sgid", "x", mode: (UnixFileMode)0x5ED) // 02755
            .Dir("tmp/", mode: (UnixFileMode)0x3FF) // 01777
            .Dir("ro/", mode: (UnixFileMode)0x16D) // 0555, with content written before its mode is set
            .File("ro/f", "x", mode: (UnixFileMode)0x124) // 0444
            .ToArray();

        await Fs.ApplyAsync(tar, Target);

        Assert.Equal(0x9EDu, Fs.Stat(Path.Combine(Target, "suid")).Permissions);
        Assert.Equal(0x5EDu, Fs.Stat(Path.Combine(Target, "sgid")).Permissions);
        Assert.Equal(0x3FFu, Fs.Stat(Path.Combine(Target, "tmp")).Permissions);
        Assert.Equal(0x16Du, Fs.Stat(Path.Combine(Target, "ro")).Permissions);
        Assert.Equal(0x124u, Fs.Stat(Path.Combine(Target, "ro/f")).Permissions);
    }

    [Fact]
    public async Task Mtimes_are_exact_and_directory_mtimes_are_set_after_their_contents()
    {
        var fileTime = new DateTimeOffset(2001, 2, 3, 4, 5, 6, TimeSpan.Zero).AddTicks(1234567);
        var dirTime = new DateTimeOffset(1999, 12, 31, 23, 59, 59, TimeSpan.Zero);
        var tar = new LayerTar()
            .Dir("d/", mtime: dirTime)
            .File("d/f", "x", mtime: fileTime)
            .Dir("d/sub/", mtime: dirTime)
            .File("d/sub/g", "y")
            .ToArray();

        await Fs.ApplyAsync(tar, Target);

        var f = Fs.Stat(Path.Combine(Target, "d/f"));
        Assert.Equal(fileTime.ToUnixTimeSeconds(), f.MtimeSeconds);
        Assert.Equal(123456700u, f.MtimeNanoseconds);
        Assert.Equal(dirTime.ToUnixTimeSeconds(), Fs.Stat(Path.Combine(Target, "d")).MtimeSeconds);
        Assert.Equal(dirTime.ToUnixTimeSeconds(), Fs.Stat(Path.Combine(Target, "d/sub")).MtimeSeconds);
    }

    [Fact]
    public async Task Symlink_mtime_is_set_on_the_link_not_its_target()
    {
        var linkTime = new DateTimeOffset(2005, 5, 5, 5, 5, 5, TimeSpan.Zero);
        var link = new PaxTarEntry(TarEntryType.SymbolicLink, "link") { LinkName = "file", ModificationTime = linkTime };
        var tar = new LayerTar().File("file", "x").Add(link).ToArray();

        await Fs.ApplyAsync(tar, Target);

        Assert.Equal(linkTime.ToUnixTimeSeconds(), Fs.Stat(Path.Combine(Target, "link")).MtimeSeconds);
        Assert.Equal(LayerTar.DefaultTime.ToUnixTimeSeconds(), Fs.Stat(Path.Combine(Target, "file")).MtimeSeconds);
    }

    [RootFact]
    public async Task Owners_are_set_with_lchown_on_files_directories_and_symlinks()
    {
        Requirements.Root();
        var tar = new LayerTar()
            .Dir("home/", uid: 1000, gid: 1001)
            .File("home/f", "x", uid: 1000, gid: 100, mode: (UnixFileMode)0x9ED)
            .Symlink("home/l", "/nowhere", uid: 1002, gid: 1003)
            .ToArray();

        await Fs.ApplyAsync(tar, Target);

        var dir = Fs.Stat(Path.Combine(Target, "home"));
        Assert.Equal((1000u, 1001u), (dir.Uid, dir.Gid));
        var file = Fs.Stat(Path.Combine(Target, "home/f"));
        Assert.Equal((1000u, 100u), (file.Uid, file.Gid));
        Assert.Equal(0x9EDu, file.Permissions); // setuid survives the chown because chmod comes after
        var link = Fs.Stat(Path.Combine(Target, "home/l"));
        Assert.Equal((1002u, 1003u), (link.Uid, link.Gid));
    }

    [RootFact]
    public async Task Character_and_block_devices_are_created_as_root()
    {
        Requirements.Root();
        var tar = new LayerTar()
            .Device(TarEntryType.CharacterDevice, "dev/null", 1, 3)
            .Device(TarEntryType.BlockDevice, "dev/loop9", 7, 9, mode: (UnixFileMode)0x1B0)
            .ToArray();

        var result = await Fs.ApplyAsync(tar, Target);

        var nul = Fs.Stat(Path.Combine(Target, "dev/null"));
        Assert.Equal(ApplierLibC.S_IFCHR, nul.Type);
        Assert.Equal((1u, 3u), (nul.RdevMajor, nul.RdevMinor));
        Assert.Equal(0x1B6u, nul.Permissions);
        var loop = Fs.Stat(Path.Combine(Target, "dev/loop9"));
        Assert.Equal(ApplierLibC.S_IFBLK, loop.Type);
        Assert.Equal((7u, 9u), (loop.RdevMajor, loop.RdevMinor));
        Assert.Equal(2, result.Counts.Devices);
    }

    [Fact]
    public async Task Hardlinks_share_the_inode_of_an_entry_applied_before()
    {
        var tar = new LayerTar()
            .File("usr/bin/a", "same", mode: (UnixFileMode)0x1ED)
            .Hardlink("usr/bin/b", "usr/bin/a")
            .Hardlink("c", "/usr/bin/a") // absolute link names are root-relative too
            .ToArray();

        var result = await Fs.ApplyAsync(tar, Target);

        var a = Fs.Stat(Path.Combine(Target, "usr/bin/a"));
        Assert.Equal(3u, a.NLink);
        Assert.Equal(a.Ino, Fs.Stat(Path.Combine(Target, "usr/bin/b")).Ino);
        Assert.Equal(a.Ino, Fs.Stat(Path.Combine(Target, "c")).Ino);
        Assert.Equal(2, result.Counts.Hardlinks);
    }

    [Fact]
    public async Task Hardlink_may_target_lower_content_when_applied_in_place()
    {
        await Fs.ApplyAsync(new LayerTar().File("lib/x.so", "lower").ToArray(), Target);
        await Fs.ApplyOnAsync(new LayerTar().Hardlink("lib/y.so", "lib/x.so").ToArray(), Target);
        Assert.Equal(Fs.Stat(Path.Combine(Target, "lib/x.so")).Ino, Fs.Stat(Path.Combine(Target, "lib/y.so")).Ino);
    }

    [Fact]
    public async Task Later_entries_replace_earlier_ones_but_directories_merge()
    {
        var tar = new LayerTar()
            .File("x", "file")
            .Dir("x/") // a directory replaces the file
            .File("x/inner", "1")
            .Dir("x/", mode: (UnixFileMode)0x1C0) // directory over directory keeps the contents, updates the mode
            .Symlink("y", "x")
            .File("y", "now a file") // replaces the symlink itself, never writes through it
            .ToArray();

        await Fs.ApplyAsync(tar, Target);

        Assert.Equal("1", File.ReadAllText(Path.Combine(Target, "x/inner")));
        Assert.Equal(0x1C0u, Fs.Stat(Path.Combine(Target, "x")).Permissions);
        Assert.False(Fs.Stat(Path.Combine(Target, "y")).IsSymlink);
        Assert.Equal("now a file", File.ReadAllText(Path.Combine(Target, "y")));
    }

    [Fact]
    public async Task Root_entry_sets_the_root_directory_metadata()
    {
        var tar = new LayerTar().Dir("./", mode: (UnixFileMode)0x1C0).File("./f", "x").ToArray();
        await Fs.ApplyAsync(tar, Target);
        Assert.Equal(0x1C0u, Fs.Stat(Target).Permissions);
        Assert.Equal(LayerTar.DefaultTime.ToUnixTimeSeconds(), Fs.Stat(Target).MtimeSeconds);
        Assert.Equal(new[] { "f" }, Fs.Tree(Target));
    }

    [Fact]
    public async Task Gzip_layer_digests_cover_the_blob_and_the_tar()
    {
        var tar = new LayerTar().File("a", "hello").ToArray();
        var blob = LayerTar.Gzip(tar);
        var options = new ApplyOptions
        {
            Expected = new Descriptor(MediaTypes.OciLayerGzip, Digest.Compute(blob), blob.Length),
            ExpectedDiffId = Digest.Compute(tar),
        };

        var result = await Fs.ApplyAsync(blob, Target, options, LayerCompression.Gzip);

        Assert.Equal("hello", File.ReadAllText(Path.Combine(Target, "a")));
        Assert.Equal(Digest.Compute(blob), result.Digest);
        Assert.Equal(blob.Length, result.Size);
        Assert.Equal(Digest.Compute(tar), result.DiffId);
        Assert.Equal(tar.Length, result.UncompressedSize);
    }

    [Fact]
    public async Task Multi_member_gzip_is_read_to_the_last_member()
    {
        var big = new string('z', 300_000);
        var tar = new LayerTar().File("first", "1").File("big", big).File("last", "3").ToArray();
        // Split the tar mid-entry into two gzip members, as pigz and some registries write them.
        var blob = LayerTar.Gzip(tar[..(tar.Length / 2)]).Concat(LayerTar.Gzip(tar[(tar.Length / 2)..])).ToArray();

        var result = await Fs.ApplyAsync(blob, Target, new ApplyOptions { ExpectedDiffId = Digest.Compute(tar) }, LayerCompression.Gzip);

        Assert.Equal(big, File.ReadAllText(Path.Combine(Target, "big")));
        Assert.Equal("3", File.ReadAllText(Path.Combine(Target, "last")));
        Assert.Equal(Digest.Compute(blob), result.Digest);
    }

    [Fact]
    public async Task Zstd_layers_apply_and_verify_their_diff_id()
    {
        var tar = new LayerTar().File("a", "zstd content").ToArray();
        var blob = ZstdCli(tar);

        var result = await Fs.ApplyAsync(blob, Target, new ApplyOptions { ExpectedDiffId = Digest.Compute(tar) }, LayerCompression.Zstd);

        Assert.Equal("zstd content", File.ReadAllText(Path.Combine(Target, "a")));
        Assert.Equal(Digest.Compute(blob), result.Digest);
    }

    [Fact]
    public async Task Corrupt_zstd_fails_and_creates_nothing()
    {
        await Assert.ThrowsAsync<LayerApplyException>(() => Fs.ApplyAsync([1, 2, 3, 4, 5, 6, 7, 8], Target, compression: LayerCompression.Zstd));
        Assert.Empty(Directory.GetFileSystemEntries(_dir.Path));
    }

    private static byte[] ZstdCli(byte[] input)
    {
        var psi = new System.Diagnostics.ProcessStartInfo("zstd", "-q -c")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
        };
        using var process = System.Diagnostics.Process.Start(psi)!;
        var output = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
        process.StandardInput.BaseStream.Write(input);
        process.StandardInput.Close();
        copy.Wait();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return output.ToArray();
    }

    [Fact]
    public async Task Fresh_apply_refuses_an_existing_target()
    {
        Directory.CreateDirectory(Target);
        await Assert.ThrowsAsync<IOException>(() => Fs.ApplyAsync(new LayerTar().File("a", "x").ToArray(), Target));
        Assert.Empty(Directory.GetFileSystemEntries(Target));
    }

    [Fact]
    public async Task Cancellation_leaves_nothing_behind()
    {
        using var cts = new CancellationTokenSource();
        var tar = new LayerTar().File("a", "x").File("b", new string('b', 1 << 20)).ToArray();
        var blob = new CancelAfterStream(tar, cancelAt: 2048, cts);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            LayerApplier.ApplyAsync(blob, LayerCompression.None, Target, ApplyOptions.Default, cts.Token));

        Assert.Empty(Directory.GetFileSystemEntries(_dir.Path));
    }

    [Fact]
    public async Task Non_utf8_binary_xattr_value_survives_through_gnu_tar()
    {
        // .NET's TarReader decodes PAX values as UTF-8 with replacement; the applier takes the raw bytes.
        var source = _dir.Combine("src");
        Directory.CreateDirectory(source);
        File.WriteAllText(Path.Combine(source, "f"), "x");
        byte[] value = [0xFF, 0x00, 0xFE, 0x80];
        if (ApplierLibC.LSetXattr(Path.Combine(source, "f"), "user.bin", value) != 0)
        {
            return; // the temp file system has no user xattrs; covered by the root test below
        }

        var tarPath = _dir.Combine("x.tar");
        GnuTar.Run("--xattrs", "--xattrs-include=*", "--format=posix", "-cf", tarPath, "-C", source, ".");
        await Fs.ApplyAsync(File.ReadAllBytes(tarPath), Target);

        Assert.Equal(value, ApplierLibC.LGetXattr(Path.Combine(Target, "f"), "user.bin"));
    }

    [RootFact]
    public async Task Security_capability_is_kept_byte_for_byte()
    {
        Requirements.Root();
        var source = _dir.Combine("src");
        Directory.CreateDirectory(source);
        var file = Path.Combine(source, "ping");
        File.WriteAllText(file, "x");
        // VFS_CAP_REVISION_2 | effective, permitted = cap_setuid (bit 7: byte 0x80, not valid UTF-8 on its own).
        byte[] capability = [0x01, 0x00, 0x00, 0x02, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        Assert.Equal(0, ApplierLibC.LSetXattr(file, "security.capability", capability));
        var tarPath = _dir.Combine("x.tar");
        GnuTar.Run("--xattrs", "--xattrs-include=*", "--format=posix", "-cf", tarPath, "-C", source, ".");

        var result = await Fs.ApplyAsync(File.ReadAllBytes(tarPath), Target);

        Assert.Equal(capability, ApplierLibC.LGetXattr(Path.Combine(Target, "ping"), "security.capability"));
        Fs.AssertNoWarnings(result);
    }

    [Fact]
    public async Task Overlay_private_xattrs_in_a_layer_are_dropped_with_a_warning()
    {
        var pax = new Dictionary<string, string> { ["SCHILY.xattr.trusted.overlay.redirect"] = "/elsewhere" };
        var result = await Fs.ApplyAsync(new LayerTar().File("f", "x", pax: pax).ToArray(), Target);
        Assert.Null(ApplierLibC.LGetXattr(Path.Combine(Target, "f"), "trusted.overlay.redirect"));
        Assert.Contains(result.Warnings, w => w.Entry == "f" && w.Message.Contains("overlayfs-private", StringComparison.Ordinal));
    }
}
