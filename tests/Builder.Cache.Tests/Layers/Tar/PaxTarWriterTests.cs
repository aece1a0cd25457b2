using System.Formats.Tar;
using System.Globalization;
using System.Text;
using Builder.Cache.Layers.Tar;
using Builder.Cache.Tests.Layers.Support;
using Xunit;

namespace Builder.Cache.Tests.Layers.Tar;

public sealed class PaxTarWriterTests
{
    private static byte[] Write(Action<PaxTarWriter> entries)
    {
        using var output = new MemoryStream();
        using (var tar = new PaxTarWriter(output))
        {
            entries(tar);
            tar.Finish();
        }

        return output.ToArray();
    }

    private static TarHeader File(string name, int size = 0) =>
        new(Encoding.UTF8.GetBytes(name), TarTypeFlag.Regular) { Mode = 0x1A4, Uid = 1000, Gid = 1000, Size = size, ModifiedSeconds = 1_700_000_000 };

    private static int CountTypeFlag(byte[] tar, byte flag)
    {
        // Headers are at block boundaries; content here is shorter than a block, so scanning every block is safe
        // as long as the test content never looks like a header (it does not: no "ustar" magic in it).
        int count = 0;
        for (int at = 0; at + 512 <= tar.Length; at += 512)
        {
            if (tar.AsSpan(at + 257, 6).SequenceEqual("ustar\0"u8) && tar[at + 156] == flag)
            {
                count++;
            }
        }

        return count;
    }

    [Fact]
    public void A_plain_file_is_one_ustar_header_padded_content_and_two_zero_blocks()
    {
        var tar = Write(t => t.WriteEntry(File("hello.txt", 5), "hello"u8));

        Assert.Equal(512 + 512 + 1024, tar.Length);
        Assert.Equal("hello.txt", Encoding.ASCII.GetString(tar, 0, 9));
        Assert.Equal(0, tar[9]);
        Assert.Equal("0000644\0", Encoding.ASCII.GetString(tar, 100, 8));
        Assert.Equal("0001750\0", Encoding.ASCII.GetString(tar, 108, 8));
        Assert.Equal("00000000005\0", Encoding.ASCII.GetString(tar, 124, 12));
        Assert.Equal((byte)'0', tar[156]);
        Assert.Equal("ustar\u000000", Encoding.ASCII.GetString(tar, 257, 8));
        Assert.All(tar.AsSpan(265, 64).ToArray(), b => Assert.Equal(0, b)); // empty uname and gname
        Assert.Equal("hello", Encoding.ASCII.GetString(tar, 512, 5));
        Assert.All(tar.AsSpan(1024).ToArray(), b => Assert.Equal(0, b));

        // The checksum: six octal digits, NUL, space; the sum of the header with the field as spaces.
        var header = tar.AsSpan(0, 512).ToArray();
        var stored = Encoding.ASCII.GetString(header, 148, 8);
        Array.Fill(header, (byte)' ', 148, 8);
        Assert.Equal(Convert.ToString(header.Sum(b => (int)b), 8).PadLeft(6, '0') + "\0 ", stored);
    }

    [Fact]
    public void Modes_keep_setuid_setgid_and_sticky()
    {
        var tar = Write(t => t.WriteEntry(new TarHeader("d"u8.ToArray(), TarTypeFlag.Directory) { Mode = 0xFFF }));
        Assert.Equal("d/", Encoding.ASCII.GetString(tar, 0, 2));
        Assert.Equal("0007777\0", Encoding.ASCII.GetString(tar, 100, 8));
        var entry = Assert.Single(TarEntries.Read(tar));
        Assert.Equal(TarEntryType.Directory, entry.EntryType);
        Assert.Equal((UnixFileMode)0xFFF, entry.Mode);
    }

    [Fact]
    public void Names_up_to_255_ASCII_bytes_use_the_ustar_prefix_and_no_extended_header()
    {
        var name = string.Join('/', Enumerable.Repeat("directory-name-of-forty-bytes-exactly!!", 4)) + "/file.txt";
        Assert.InRange(name.Length, 101, 255);

        var tar = Write(t => t.WriteEntry(File(name)));

        Assert.Equal(0, CountTypeFlag(tar, (byte)'x'));
        Assert.Equal(name, Assert.Single(TarEntries.Read(tar)).Name);
    }

    [Theory]
    [InlineData(300)]
    [InlineData(1000)]
    public void Longer_names_get_a_pax_path_record(int length)
    {
        var name = new string('n', length);
        var tar = Write(t => t.WriteEntry(File(name)));

        Assert.Equal(1, CountTypeFlag(tar, (byte)'x'));
        Assert.Contains("PaxHeaders.0/", Encoding.ASCII.GetString(tar, 0, 100), StringComparison.Ordinal);
        Assert.Equal(name, Assert.Single(TarEntries.Read(tar)).Name);
    }

    [Fact]
    public void Non_ASCII_names_and_link_targets_get_pax_records()
    {
        var tar = Write(t =>
        {
            t.WriteEntry(File("café/naïve.txt"));
            t.WriteEntry(new TarHeader("link"u8.ToArray(), TarTypeFlag.Symlink) { LinkName = Encoding.UTF8.GetBytes("日本語") });
        });

        var entries = TarEntries.Read(tar);
        Assert.Equal(["café/naïve.txt", "link"], entries.Select(e => e.Name));
        Assert.Equal("日本語", entries[1].LinkName);
        Assert.Equal(2, CountTypeFlag(tar, (byte)'x'));
    }

    [Fact]
    public void Large_ids_and_times_outside_the_ustar_range_go_to_pax_records()
    {
        var header = File("f") with { Uid = 3_000_000, Gid = 4_000_000, ModifiedSeconds = -86400 };
        var entry = Assert.IsType<PaxTarEntry>(Assert.Single(TarEntries.Read(Write(t => t.WriteEntry(header)))));

        Assert.Equal(3_000_000, entry.Uid);
        Assert.Equal(4_000_000, entry.Gid);
        Assert.Equal("-86400", entry.ExtendedAttributes["mtime"]);
    }

    [Fact]
    public void Extended_attributes_are_schily_records_in_name_order()
    {
        var header = File("f") with
        {
            Xattrs = [new("user.b", "2"u8.ToArray()), new("security.capability", [1, 0, 0, 2, 0, 0x20, 0, 0]), new("user.a", "1"u8.ToArray())],
        };
        var tar = Write(t => t.WriteEntry(header));

        var entry = Assert.IsType<PaxTarEntry>(Assert.Single(TarEntries.Read(tar)));
        Assert.Equal("1", entry.ExtendedAttributes["SCHILY.xattr.user.a"]);
        Assert.Equal("2", entry.ExtendedAttributes["SCHILY.xattr.user.b"]);
        Assert.True(entry.ExtendedAttributes.ContainsKey("SCHILY.xattr.security.capability"));
        Assert.DoesNotContain("atime", entry.ExtendedAttributes.Keys);
        Assert.DoesNotContain("ctime", entry.ExtendedAttributes.Keys);

        var records = Encoding.Latin1.GetString(tar, 512, 512);
        Assert.True(
            records.IndexOf("security.capability", StringComparison.Ordinal) < records.IndexOf("user.a", StringComparison.Ordinal) &&
            records.IndexOf("user.a", StringComparison.Ordinal) < records.IndexOf("user.b", StringComparison.Ordinal),
            "records are sorted by key");
    }

    [Fact]
    public void Devices_carry_major_and_minor()
    {
        var tar = Write(t => t.WriteEntry(new TarHeader("dev/null"u8.ToArray(), TarTypeFlag.CharDevice) { Mode = 0x1B6, DevMajor = 1, DevMinor = 3 }));
        var entry = Assert.Single(TarEntries.Read(tar));
        Assert.Equal(TarEntryType.CharacterDevice, entry.EntryType);
        Assert.Equal(1, ((PosixTarEntry)entry).DeviceMajor);
        Assert.Equal(3, ((PosixTarEntry)entry).DeviceMinor);
    }

    [Fact]
    public void The_same_entries_give_the_same_bytes()
    {
        byte[] Once() => Write(t =>
        {
            t.WriteEntry(new TarHeader("a"u8.ToArray(), TarTypeFlag.Directory) { Mode = 0x1ED });
            t.WriteEntry(File(new string('x', 400), 3) with { Xattrs = [new("user.k", "v"u8.ToArray())] }, "abc"u8);
        });

        Assert.Equal(Once(), Once());
    }

    [Fact]
    public void A_regular_file_with_content_needs_its_content()
    {
        using var tar = new PaxTarWriter(new MemoryStream());
        Assert.Throws<ArgumentException>(() => tar.WriteEntry(File("f", 10)));
        Assert.Throws<ArgumentException>(() => tar.WriteEntry(File("f", 10), "short"u8));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(90)]
    [InlineData(91)]
    [InlineData(92)]
    [InlineData(989)]
    [InlineData(990)]
    [InlineData(991)]
    public void Pax_record_lengths_count_their_own_digits(int valueLength)
    {
        var records = new PaxRecords();
        records.Add("path", Encoding.ASCII.GetBytes(new string('v', valueLength)));
        var encoded = Encoding.ASCII.GetString(records.Encode());

        int space = encoded.IndexOf(' ', StringComparison.Ordinal);
        Assert.Equal(encoded.Length, int.Parse(encoded[..space], CultureInfo.InvariantCulture));
        Assert.EndsWith("\n", encoded, StringComparison.Ordinal);
    }
}
