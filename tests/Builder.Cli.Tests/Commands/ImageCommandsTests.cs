using System.Diagnostics;
using Builder.TestKit;
using Xunit;

namespace Builder.Cli.Tests.Commands;

/// <summary>The image commands' behaviour and messages: tag, rmi, errors, save/load round trips, prune, and several processes at once.</summary>
public sealed class ImageCommandsTests : IDisposable
{
    private readonly CliStore _s = new();

    public void Dispose() => _s.Dispose();

    [Fact]
    public void Tag_and_rmi_print_what_they_did_like_docker()
    {
        var id = _s.Import("app:1", "app");
        Assert.StartsWith("sha256:", id);
        Assert.Equal(new CliResult(0, "", ""), _s.Run("tag", "app:1", "app:2"));
        Assert.Equal(new CliResult(0, "Untagged: app:1\n", ""), _s.Run("rmi", "app:1"));
        Assert.Equal(new CliResult(0, $"Untagged: app:2\nDeleted: {id}\n", ""), _s.Run("rmi", "app:2"));
        Assert.Equal("REPOSITORY   TAG       IMAGE ID   CREATED   SIZE\n", _s.Run("images").Stdout);
    }

    [Fact]
    public void Rmi_of_an_id_in_two_repositories_needs_force()
    {
        var id = _s.Import("app:1", "app");
        _s.Ok("tag", "app:1", "other/app:1");
        var refused = _s.Run("rmi", id[7..19]);
        Assert.Equal(1, refused.ExitCode);
        Assert.Equal($"builder: error: conflict: unable to delete {id[7..19]} (must be forced) - image is referenced in multiple repositories; remove its tags by name, or use rmi -f to remove the image with every tag.\n", refused.Stderr);
        Assert.Equal($"Untagged: app:1\nUntagged: other/app:1\nDeleted: {id}\n", _s.Ok("rmi", "-f", id[7..19]).Stdout);
    }

    [Fact]
    public void Missing_images_are_errors_that_say_where_and_what_to_do()
    {
        const string NotFound = "builder: error: image 'nope' not found in the store at $ROOT; list images with builder images\n";
        Assert.Equal(new CliResult(1, "", NotFound), _s.Run("rmi", "nope"));
        Assert.Equal(new CliResult(1, "[]\n", NotFound), _s.Run("image", "inspect", "nope"));
        Assert.Equal(new CliResult(1, "", NotFound), _s.Run("history", "nope"));
        Assert.Equal(new CliResult(1, "", NotFound), _s.Run("tag", "nope", "x"));
        Assert.Equal(new CliResult(1, "", NotFound), _s.Run("save", "-o", _s.Dir.Combine("x.tar"), "nope"));
        Assert.False(File.Exists(_s.Dir.Combine("x.tar")));
    }

    [Fact]
    public void Bad_inputs_to_import_and_load_are_explained()
    {
        var text = _s.Dir.Combine("notes.txt");
        File.WriteAllText(text, new string('x', 1024));
        Assert.Equal(
            new CliResult(1, "", "builder: error: root file system $TMP/notes.txt is not a tar archive; pass a .tar or .tar.gz file.\n"),
            _s.Run("import", text, "x"));
        Assert.Equal(
            new CliResult(1, "", "builder: error: invalid reference format: repository name must be lowercase: \"Bad\"; name the image as [registry/]name[:tag].\n"),
            _s.Run("import", TestRootfs.WriteTar(_s.Dir.Combine("a.tar"), "a"), "Bad"));
        var missing = _s.Run("load", "-i", _s.Dir.Combine("missing.tar"));
        Assert.Equal(1, missing.ExitCode);
        Assert.StartsWith("builder: error: cannot read image archive $TMP/missing.tar:", missing.Stderr);
        Assert.Equal(1, _s.Run("save", "app:1").ExitCode);
    }

    [Fact]
    public void An_unusable_root_is_an_error_not_a_crash()
    {
        var file = _s.Dir.Combine("a-file");
        File.WriteAllText(file, "");
        var result = CliHarness.Run(_s.Clock, "images", "--root", file);
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("builder: error: ", result.Stderr);
        Assert.EndsWith("Check the path and its permissions (the store root is --root, BUILDER_ROOT or $XDG_DATA_HOME/builder).\n", result.Stderr);
    }

    [Fact]
    public void Save_load_save_through_the_cli_gives_identical_tars()
    {
        _s.Import("me/app:1", "app");
        _s.Import("db:2", "db");
        var first = _s.Dir.Combine("first.tar");
        _s.Ok("save", "-o", first, "me/app:1", "db:2");
        OciValidator.AssertValid(first);

        using var other = new CliStore();
        Assert.Equal("Loaded image: me/app:1\nLoaded image: db:2\n", other.Ok("load", "-i", first).Stdout);
        var second = other.Dir.Combine("second.tar");
        other.Ok("save", "-o", second, "me/app:1", "db:2");
        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
        Assert.Equal(_s.Ok("images", "--digests").Stdout, other.Ok("images", "--digests").Stdout);
    }

    [RootFact]
    public void Load_unpacks_the_layers_as_snapshots_as_docker_load_does()
    {
        Requirements.Root();
        _s.Import("me/app:1", "app");
        var archive = _s.Dir.Combine("app.tar");
        _s.Ok("save", "-o", archive, "me/app:1");

        using var other = new CliStore();
        other.Ok("load", "-i", archive);

        var snapshots = Path.Combine(other.Root, "snapshots");
        var layer = Assert.Single(Directory.GetDirectories(snapshots));
        Assert.NotEmpty(Directory.EnumerateFileSystemEntries(layer));
    }

    [Fact]
    public void Prune_reports_dangling_images_and_reclaimed_space()
    {
        _s.Import("app:1", "old");
        var old = _s.Ok("images", "--digests").Stdout.Split('\n')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[2];
        _s.Import("app:1", "new");
        Assert.Contains("<none>       <none>", _s.Ok("images").Stdout);
        var pruned = _s.Ok("prune");
        Assert.StartsWith($"Deleted Images:\ndeleted: {old}\n\nDeleted blobs: 3, temp files: 0\nTotal reclaimed space: ", pruned.Stdout);
        Assert.Equal("Deleted blobs: 0, temp files: 0\nTotal reclaimed space: 0B\n", _s.Ok("prune").Stdout);
        Assert.DoesNotContain("<none>", _s.Ok("images").Stdout);
    }

    [Fact]
    public async Task Two_processes_tagging_at_once_keep_every_tag()
    {
        _s.Import("base:1", "base");
        var builder = Path.Combine(AppContext.BaseDirectory, "builder.dll");
        var workers = Enumerable.Range(0, 2).Select(w => Task.Run(() =>
        {
            for (int i = 0; i < 6; i++)
            {
                var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
                foreach (var arg in new[] { builder, "tag", "base:1", $"w{w}:t{i}" })
                {
                    start.ArgumentList.Add(arg);
                }

                // The root comes from BUILDER_ROOT here, as a user's shell would set it.
                start.Environment["BUILDER_ROOT"] = _s.Root;
                using var process = Process.Start(start)!;
                var error = process.StandardError.ReadToEnd();
                process.WaitForExit();
                Assert.True(process.ExitCode == 0, error);
            }
        }));
        await Task.WhenAll(workers);
        var rows = _s.Ok("images").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1 + 1 + 12, rows.Length);
    }
}
