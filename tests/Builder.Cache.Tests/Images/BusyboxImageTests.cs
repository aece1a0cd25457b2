using System.Formats.Tar;
using System.IO.Compression;
using Builder.Cache.Images.Archive;
using Builder.TestKit;
using Xunit;

namespace Builder.Cache.Tests.Images;

public sealed class BusyboxImageTests : IDisposable
{
    private readonly StoreFixture _f = new();

    public void Dispose() => _f.Dispose();

    [ToolFact("busybox", "tar")]
    public async Task The_busybox_base_has_applet_links_users_and_a_sticky_tmp_and_saves_validly()
    {
        var image = await BusyboxImage.ImportAsync(_f.Store);
        Assert.Equal("docker.io/builder-test/busybox:latest", Assert.Single(image.Tags).ToString());
        Assert.Equal(["sh"], image.Config.Config.Cmd!.Value.ToArray());

        var entries = new Dictionary<string, TarEntry>();
        using (var reader = new TarReader(new GZipStream(_f.Store.Content.OpenRead(image.Manifest.Layers[0].Digest), CompressionMode.Decompress)))
        {
            while (reader.GetNextEntry(copyData: true) is { } entry)
            {
                entries[entry.Name.TrimStart('.', '/').TrimEnd('/')] = entry;
            }
        }

        Assert.Equal(TarEntryType.RegularFile, entries["bin/busybox"].EntryType);
        Assert.Equal("/bin/busybox", entries["bin/sh"].LinkName);
        Assert.Equal("/bin/busybox", entries["usr/bin/env"].LinkName);
        Assert.True(entries["tmp"].Mode.HasFlag(UnixFileMode.StickyBit));
        Assert.Contains("root:x:0:0:", new StreamReader(entries["etc/passwd"].DataStream!).ReadToEnd());
        Assert.Contains("nogroup:x:65534:", new StreamReader(entries["etc/group"].DataStream!).ReadToEnd());
        Assert.All(entries.Values, e => Assert.Equal(DateTimeOffset.UnixEpoch, e.ModificationTime));

        var again = await BusyboxImage.ImportAsync(_f.Store, "builder-test/busybox:again");
        Assert.Equal(image.Id, again.Id);

        var saved = _f.Dir.Combine("busybox.tar");
        await ImageSaver.SaveAsync(_f.Store, [BusyboxImage.Reference], saved);
        OciValidator.AssertValid(saved);
    }
}
