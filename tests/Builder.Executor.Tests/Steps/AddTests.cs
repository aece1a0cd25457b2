using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using Builder.TestKit;
using Xunit;

namespace Builder.Executor.Tests.Steps;

/// <summary>ADD: local archives unpacked by content, other files copied; http(s) sources with and without --checksum.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class AddTests
{
    [ToolFact("bzip2", "xz")]
    public async Task Local_archives_are_unpacked_by_content_and_anything_else_is_copied()
    {
        Requirements.Root();
        using var h = new BuildHarness();
        var tar = Tar(h, "a.tar", ("top.txt", "plain tar"), ("dir/inner.txt", "inner"));
        using (var gz = new GZipStream(File.Create(Path.Combine(h.Context, "data.bin")), CompressionLevel.Fastest))
        {
            Tar(h, "z.tar", ("gz.txt", "from gzip")).CopyTo(gz);
        }

        Compress(h, Tar(h, "b.tar", ("bz.txt", "from bzip2")), "bzip2", "b.tar.bz2");
        Compress(h, Tar(h, "x.tar", ("xz.txt", "from xz")), "xz", "x.tar.xz");
        h.Write("fake.tar.gz", "not an archive");
        tar.Dispose();

        var result = await h.BuildAsync("""
            FROM scratch
            ADD a.tar /plain
            ADD data.bin b.tar.bz2 x.tar.xz /unpacked/
            ADD fake.tar.gz /copied/
            ADD --chown=7:8 a.tar /owned/
            ADD --unpack=false a.tar /kept/
            """);

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics.Select(d => d.Diagnostic.Message)) + result.Error);
        var root = await h.UnpackAsync(result.Image!);
        Golden.Verify(Path.Combine(RepoPaths.Fixtures, "build", "add-archives", "rootfs.golden.txt"), RootfsListing.Of(root).Replace(h.Context, "CTX", StringComparison.Ordinal));
    }

    [RootFact]
    public async Task An_archive_entry_that_climbs_out_fails_the_step_and_records_nothing()
    {
        Requirements.Root();
        using var h = new BuildHarness();
        using (var file = File.Create(Path.Combine(h.Context, "evil.tar")))
        using (var writer = new TarWriter(file, TarEntryFormat.Pax))
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, "../escape.txt") { DataStream = new MemoryStream("x"u8.ToArray()) };
            writer.WriteEntry(entry);
        }

        var before = h.StoreListing();
        var result = await h.BuildAsync("FROM scratch\nADD evil.tar /x/\n");

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal("BLD3103", error.Diagnostic.Id);
        Assert.Equal(2, error.Source.GetLinePosition(error.Diagnostic.Span.Start).Line);
        Assert.Contains("escape.txt", error.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(before, h.StoreListing());
        Assert.False(File.Exists(Path.Combine(h.Context, "..", "escape.txt")));
    }

    [RootFact]
    public async Task A_url_is_downloaded_0600_named_from_its_path_with_the_servers_mtime_and_keyed_by_content()
    {
        Requirements.Root();
        using var server = new LoopbackServer();
        server.Body = "#!/bin/sh\necho tool\n"u8.ToArray();
        using var h = new BuildHarness();
        var dockerfile = $"FROM scratch\nADD {server.Url}dl/tool.tar.gz /bin/\nADD --chmod=755 {server.Url}dl/tool.tar.gz /usr/bin/renamed\n";

        var first = await h.BuildAsync(dockerfile);

        Assert.True(first.Succeeded, string.Join("\n", first.Diagnostics.Select(d => d.Diagnostic.Message)) + first.Error);
        var root = await h.UnpackAsync(first.Image!);
        Assert.Equal("/bin d 755 0:0\n/bin/tool.tar.gz f 600 0:0 \"#!/bin/sh\\necho tool\\n\"\n/usr d 755 0:0\n/usr/bin d 755 0:0\n/usr/bin/renamed f 755 0:0 \"#!/bin/sh\\necho tool\\n\"\n", RootfsListing.Of(root));
        Assert.Equal(LoopbackServer.LastModified.UtcDateTime, File.GetLastWriteTimeUtc(Path.Combine(root, "bin/tool.tar.gz")));

        Assert.Equal(0, (await h.BuildAsync(dockerfile)).Executed); // same content: cached
        server.Body = "changed"u8.ToArray();
        var third = await h.BuildAsync(dockerfile);
        Assert.Equal(2, third.Executed); // no --checksum: keyed by what the server sends now, as BuildKit
    }

    [RootFact]
    public async Task A_checksum_mismatch_names_both_digests_at_the_add_line()
    {
        Requirements.Root();
        using var server = new LoopbackServer();
        server.Body = "payload"u8.ToArray();
        var actual = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(server.Body));
        var wrong = "sha256:" + new string('0', 64);
        using var h = new BuildHarness();

        var ok = await h.BuildAsync($"FROM scratch\nADD --checksum={actual} {server.Url}f /f\n");
        var bad = await h.BuildAsync($"FROM scratch\nWORKDIR /w\nADD --checksum={wrong} {server.Url}f /f\n");

        Assert.True(ok.Succeeded, string.Join("\n", ok.Diagnostics.Select(d => d.Diagnostic.Message)) + ok.Error);
        var error = Assert.Single(bad.Diagnostics);
        Assert.Equal("BLD3103", error.Diagnostic.Id);
        Assert.Equal(3, error.Source.GetLinePosition(error.Diagnostic.Span.Start).Line);
        Assert.Contains($"expected {wrong}, got {actual}", error.Diagnostic.Message, StringComparison.Ordinal);
    }

    private static Stream Tar(BuildHarness h, string name, params (string Path, string Content)[] files)
    {
        var path = Path.Combine(h.Context, name);
        using (var writer = new TarWriter(File.Create(path), TarEntryFormat.Ustar))
        {
            foreach (var (p, content) in files)
            {
                writer.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, p)
                {
                    ModificationTime = DateTimeOffset.FromUnixTimeSeconds(1_600_000_000),
                    DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content)),
                    Mode = (UnixFileMode)0b110_100_000,
                    Uid = 33,
                    Gid = 44,
                });
            }
        }

        return File.OpenRead(path);
    }

    private static void Compress(BuildHarness h, Stream tar, string tool, string name)
    {
        var source = ((FileStream)tar).Name;
        tar.Dispose();
        ExternalTools.RunOk(tool, "-k", "-f", source);
        File.Move(source + (tool == "xz" ? ".xz" : ".bz2"), Path.Combine(h.Context, name), overwrite: true);
        File.Delete(source);
    }

    /// <summary>An HTTP server on 127.0.0.1 (a free port) that serves <see cref="Body"/> for every path.</summary>
    private sealed class LoopbackServer : IDisposable
    {
        public static readonly DateTimeOffset LastModified = new(2021, 5, 4, 3, 2, 1, TimeSpan.Zero);

        private readonly LoopbackHttpServer _server;

        public LoopbackServer() => _server = new LoopbackHttpServer(ServeAsync);

        public string Url => _server.Url;

        public byte[] Body { get; set; } = [];

        public void Dispose() => _server.Dispose();

        private async Task ServeAsync(HttpListenerContext context)
        {
            var body = Body;
            context.Response.Headers["Last-Modified"] = LastModified.ToString("R");
            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }
}
