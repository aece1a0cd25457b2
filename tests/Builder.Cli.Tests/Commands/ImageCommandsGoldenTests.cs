using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using Builder.TestKit;
using Xunit;

namespace Builder.Cli.Tests.Commands;

/// <summary>
/// Golden outputs of <c>images</c>, <c>history</c> and <c>image inspect</c> in <c>fixtures/images/</c>,
/// with a fixed clock so "3 days ago" and tag times never change.
/// </summary>
public sealed class ImageCommandsGoldenTests : IDisposable
{
    private readonly CliStore _s = new();

    public void Dispose() => _s.Dispose();

    private static string Fixture(string @case, string name) => Path.Combine(RepoPaths.Fixtures, "images", @case, name);

    [Fact]
    public void Imported_images_list_history_and_inspect_like_docker()
    {
        _s.Clock.Now = CliStore.Now.AddDays(-3);
        _s.Import("me/app:1", "app");
        _s.Ok("tag", "me/app:1", "localhost:5000/app:prod");
        _s.Clock.Now = CliStore.Now.AddHours(-2);
        _s.Ok("import", "-m", "the database", "--platform", "linux/amd64", TestRootfs.WriteTar(_s.Dir.Combine("db.tar"), "db"), "db:2");
        _s.Clock.Now = CliStore.Now;

        Golden.Verify(Fixture("imported", "images.golden.txt"), _s.Run("images").ToGolden());
        Golden.Verify(Fixture("imported", "images-digests.golden.txt"), _s.Run("images", "--digests").ToGolden());
        Golden.Verify(Fixture("imported", "images-quiet.golden.txt"), _s.Run("images", "-q").ToGolden());
        Golden.Verify(Fixture("imported", "history.golden.txt"), _s.Run("history", "me/app:1").ToGolden());
        Golden.Verify(Fixture("imported", "inspect.golden.txt"), _s.Run("image", "inspect", "me/app:1", "db:2").ToGolden());
    }

    [Fact]
    public void A_docker_archive_with_every_config_field_inspects_like_docker()
    {
        var layer = File.ReadAllBytes(TestRootfs.WriteTar(_s.Dir.Combine("layer.tar"), "backend"));
        var diffId = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(layer));
        var config = Encoding.UTF8.GetBytes(File.ReadAllText(Fixture("docker-config", "config.json")).Trim().Replace("DIFF_ID", diffId));
        var configHex = Convert.ToHexStringLower(SHA256.HashData(config));
        var archive = _s.Dir.Combine("backend.tar");
        using (var tar = new TarWriter(File.Create(archive), TarEntryFormat.Ustar, leaveOpen: false))
        {
            Add(tar, $"{configHex}.json", config);
            Add(tar, "layer.tar", layer);
            Add(tar, "manifest.json", Encoding.UTF8.GetBytes($"[{{\"Config\":\"{configHex}.json\",\"RepoTags\":[\"demo/backend:1.0\"],\"Layers\":[\"layer.tar\"]}}]"));
        }

        Golden.Verify(Fixture("docker-config", "load.golden.txt"), _s.Run("load", "-i", archive).ToGolden());
        Golden.Verify(Fixture("docker-config", "images.golden.txt"), _s.Run("images").ToGolden());
        Golden.Verify(Fixture("docker-config", "history.golden.txt"), _s.Run("history", "demo/backend:1.0").ToGolden());
        Golden.Verify(Fixture("docker-config", "history-no-trunc.golden.txt"), _s.Run("history", "--no-trunc", "demo/backend:1.0").ToGolden());
        Golden.Verify(Fixture("docker-config", "inspect.golden.txt"), _s.Run("image", "inspect", "demo/backend:1.0").ToGolden());
    }

    private static void Add(TarWriter tar, string name, byte[] content)
    {
        var entry = new UstarTarEntry(TarEntryType.RegularFile, name)
        {
            DataStream = new MemoryStream(content),
            ModificationTime = DateTimeOffset.UnixEpoch,
            Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
        };
        tar.WriteEntry(entry);
    }
}
