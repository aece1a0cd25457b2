using System.Text.RegularExpressions;
using Builder.TestKit;
using Xunit;

namespace Builder.Cli.Tests.Commands;

/// <summary>
/// <c>builder build</c> end to end on <c>fixtures/build/scratch-copy/context</c> (copied to a temp
/// folder with fixed mtimes, so layer and image digests are stable): first build, unchanged
/// rebuild (all CACHED, same image id), and a RUN that stops the build at its line.
/// Step durations are shown as <c>0.0s</c>.
/// </summary>
public sealed partial class BuildCommandTests : IDisposable
{
    private static readonly DateTime FixedMtime = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly CliStore _s = new();

    public void Dispose() => _s.Dispose();

    private static string Fixture(string name) => Path.Combine(RepoPaths.Fixtures, "build", "scratch-copy", name);

    private string CopyContext()
    {
        var target = _s.Dir.Combine("ctx");
        var source = Fixture("context");
        foreach (var dir in Directory.EnumerateDirectories(source, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(target, Path.GetRelativePath(source, dir)));
        }

        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(target, Path.GetRelativePath(source, file));
            File.Copy(file, to);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(to, to.EndsWith("run", StringComparison.Ordinal) ? (UnixFileMode)0b111_101_101 : (UnixFileMode)0b110_100_100);
            }

            File.SetLastWriteTimeUtc(to, FixedMtime);
        }

        foreach (var dir in Directory.EnumerateDirectories(target, "*", SearchOption.AllDirectories).Append(target))
        {
            Directory.SetLastWriteTimeUtc(dir, FixedMtime);
        }

        return target;
    }

    private static string Normalize(string text) => OutputTime().Replace(Duration().Replace(text, "DONE 0.0s"), "$1 0.000 ");

    [Fact]
    public void Build_then_rebuild_prints_plain_progress_and_the_same_image_id()
    {
        var context = CopyContext();

        var first = _s.Run("build", "--progress=plain", "-t", "demo/copy:1", context);
        Golden.Verify(Fixture("build.golden.txt"), Normalize(first.ToGolden()));
        var second = _s.Run("build", "--progress=plain", "-t", "demo/copy:1", context);
        Golden.Verify(Fixture("rebuild.golden.txt"), Normalize(second.ToGolden()));

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(first.Stdout, second.Stdout);
        Golden.Verify(Fixture("history.golden.txt"), _s.Run("history", "--no-trunc", "demo/copy:1").ToGolden());
    }

    [RootFact]
    public void A_run_step_that_fails_stops_the_build_at_its_line_with_exit_code_1()
    {
        Requirements.Root();
        var context = CopyContext();

        var result = _s.Run("build", "-f", Path.Combine(context, "Dockerfile.run"), context);

        Assert.Equal(1, result.ExitCode);
        Golden.Verify(Fixture("run-error.golden.txt"), Normalize(result.ToGolden()));
        Assert.Equal(string.Empty, _s.Run("images", "-q").Stdout);
    }

    [Fact]
    public void Jobs_one_builds_the_same_image_and_progress_as_the_default_and_zero_is_rejected()
    {
        var context = CopyContext();

        var one = _s.Run("build", "--progress=plain", "--jobs", "1", "-t", "demo/copy:1", context);
        Golden.Verify(Fixture("build.golden.txt"), Normalize(one.ToGolden()));
        var zero = _s.Run("build", "--jobs", "0", context);

        Assert.NotEqual(0, zero.ExitCode);
        Assert.Contains("--jobs must be at least 1.", zero.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Output_iidfile_and_metadata_file_describe_the_built_image()
    {
        var context = CopyContext();
        string oci = _s.Dir.Combine("image-oci.tar"), docker = _s.Dir.Combine("image-docker.tar");
        string iid = _s.Dir.Combine("iid"), metadata = _s.Dir.Combine("metadata.json");

        var result = _s.Run("build", "-t", "demo/copy:1", "--output", $"type=oci,dest={oci}", "-o", $"type=docker,dest={docker}", "--iidfile", iid, "--metadata-file", metadata, context);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(result.Stdout.Trim(), File.ReadAllText(iid));
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(metadata));
        Assert.Equal(result.Stdout.Trim(), json.RootElement.GetProperty("containerimage.config.digest").GetString());
        Assert.Equal("docker.io/demo/copy:1", json.RootElement.GetProperty("image.name").GetString());
        var manifest = json.RootElement.GetProperty("containerimage.digest").GetString()!;
        Assert.Equal(manifest, json.RootElement.GetProperty("containerimage.descriptor").GetProperty("digest").GetString());
        foreach (var tar in new[] { oci, docker })
        {
            var entries = TarEntries(tar);
            using var index = System.Text.Json.JsonDocument.Parse(entries["index.json"]);
            Assert.Equal(manifest, index.RootElement.GetProperty("manifests")[0].GetProperty("digest").GetString());
            Assert.Contains("blobs/sha256/" + result.Stdout.Trim()["sha256:".Length..], entries.Keys);
            Assert.Contains("manifest.json", entries.Keys);
        }
    }

    [Fact]
    public void Output_local_writes_the_root_file_system_into_a_folder_as_given_or_bare()
    {
        var context = CopyContext();
        string typed = _s.Dir.Combine("out/typed"), bare = _s.Dir.Combine("bare");

        var result = _s.Run("build", "--output", "type=local,dest=" + typed, "-o", bare, context);

        Assert.Equal(0, result.ExitCode);
        foreach (var root in new[] { typed, bare })
        {
            Assert.True(File.Exists(Path.Combine(root, "doc", "README.md")), root);
            Assert.True(Directory.Exists(Path.Combine(root, "app")), root);
            Assert.Equal(File.ReadAllText(Path.Combine(context, "README.md")), File.ReadAllText(Path.Combine(root, "doc", "README.md")));
        }

        Assert.Empty(Directory.GetFileSystemEntries(_s.Dir.Combine("out"), ".*"));
    }

    [Fact]
    public void Rawjson_progress_is_one_solve_status_a_line_and_marks_cached_vertices()
    {
        var context = CopyContext();
        _s.Run("build", "-t", "demo/copy:1", context);

        var result = _s.Run("build", "--progress=rawjson", "-t", "demo/copy:1", context);

        Assert.Equal(0, result.ExitCode);
        var vertexes = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement)
            .Where(e => e.TryGetProperty("vertexes", out _))
            .SelectMany(e => e.GetProperty("vertexes").EnumerateArray())
            .Where(v => v.TryGetProperty("completed", out _))
            .ToList();
        var copy = Assert.Single(vertexes, v => v.GetProperty("name").GetString()!.Contains("COPY README.md", StringComparison.Ordinal));
        Assert.True(copy.GetProperty("cached").GetBoolean());
        Assert.StartsWith("sha256:", copy.GetProperty("digest").GetString(), StringComparison.Ordinal);
        Assert.Contains(vertexes, v => v.GetProperty("name").GetString() == "exporting to image");
    }

    [Fact]
    public void A_local_cache_export_makes_every_step_cached_in_an_empty_store_multi_stage_included()
    {
        var context = CopyContext();
        File.WriteAllText(Path.Combine(context, "Dockerfile.stages"), "FROM scratch AS docs\nCOPY README.md /docs/\nFROM scratch\nCOPY --from=docs /docs /d\nCOPY src /src\n");
        var cache = _s.Dir.Combine("cache");
        var first = _s.Run("build", "-f", Path.Combine(context, "Dockerfile.stages"), "--cache-to", $"type=local,dest={cache},mode=max", context);
        using var other = new CliStore();

        var second = other.Run("build", "--progress=plain", "-f", Path.Combine(context, "Dockerfile.stages"), "--cache-from", $"type=local,src={cache}", context);

        Assert.Equal(0, first.ExitCode);
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(first.Stdout, second.Stdout);
        var statuses = second.Stderr.Split('\n').Where(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^#[3-5] (CACHED|DONE)")).ToList();
        Assert.Equal(["#3 CACHED", "#4 CACHED", "#5 CACHED"], statuses.Select(l => l.Trim()).Order().ToArray());
    }

    [Fact]
    public void Quiet_prints_only_the_image_id()
    {
        var context = CopyContext();

        var result = _s.Run("build", "-q", "-t", "demo/copy:1", context);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, result.Stderr);
        Assert.Matches("^sha256:[0-9a-f]{64}\n$", result.Stdout);
    }

    [Fact]
    public void Tty_progress_draws_the_building_header_and_every_vertex()
    {
        var context = CopyContext();

        var result = _s.Run("build", "--progress=tty", "-t", "demo/copy:1", context);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("[+] Building", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("=> [2/3] COPY", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("=> exporting to image", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Prune_all_empties_the_build_cache_so_the_next_build_runs_every_step()
    {
        var context = CopyContext();
        _s.Ok("build", "-t", "demo/copy:1", context);
        _s.Ok("rmi", "demo/copy:1");

        var prune = _s.Ok("prune", "--all", "--force");
        var rebuilt = _s.Run("build", "--progress=plain", "-t", "demo/copy:1", context);

        Assert.Contains("Deleted build cache:", prune.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, rebuilt.ExitCode);
        Assert.DoesNotContain("CACHED", rebuilt.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dockerfile_on_stdin_builds_with_no_context_or_with_the_named_one()
    {
        var context = CopyContext();

        var noContext = _s.RunWithStdin("FROM scratch\nLABEL from=stdin\n", "build", "-t", "stdin:1", "-");
        var withContext = _s.RunWithStdin("FROM scratch\nCOPY README.md /\n", "build", "-f", "-", "-t", "stdin:2", context);
        var needsContext = _s.RunWithStdin("FROM scratch\nCOPY README.md /\n", "build", "-");

        Assert.Equal(0, noContext.ExitCode);
        Assert.Contains("\"from\": \"stdin\"", _s.Ok("image", "inspect", "stdin:1").Stdout, StringComparison.Ordinal);
        Assert.Equal(0, withContext.ExitCode);
        Assert.Equal(1, needsContext.ExitCode);
        Assert.Contains("README.md", needsContext.Stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.GetDirectories(Path.Combine(_s.Root, "tmp")));
    }

    [Fact]
    public void Labels_go_on_the_image_config_without_a_history_entry()
    {
        var context = CopyContext();

        var result = _s.Run("build", "--label", "org.example.by=cli", "--label", "org.example.case=overridden", "-t", "labelled:1", context);

        Assert.Equal(0, result.ExitCode);
        var inspect = _s.Ok("image", "inspect", "labelled:1").Stdout;
        Assert.Contains("\"org.example.by\": \"cli\"", inspect, StringComparison.Ordinal);
        Assert.Contains("\"org.example.case\": \"overridden\"", inspect, StringComparison.Ordinal);
        Assert.DoesNotContain("org.example.by", _s.Ok("history", "--no-trunc", "labelled:1").Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_secret_or_network_is_rejected_before_building()
    {
        var context = CopyContext();

        var secret = _s.Run("build", "--secret", "id=a,color=red", context);
        var network = _s.Run("build", "--network", "bridge", context);

        Assert.Equal(1, secret.ExitCode);
        Assert.Contains("--secret \"id=a,color=red\": unknown key \"color\"", secret.Stderr, StringComparison.Ordinal);
        Assert.NotEqual(0, network.ExitCode);
        Assert.Contains("bridge", network.Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, _s.Run("images", "-q").Stdout);
    }

    [Fact]
    public void A_bad_output_or_a_missing_output_folder_fails_before_building()
    {
        var context = CopyContext();

        var unknown = _s.Run("build", "--output", "type=s3,dest=out", context);
        var noDest = _s.Run("build", "--output", "type=oci", context);

        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("type=s3 is not supported yet", unknown.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, noDest.ExitCode);
        Assert.Contains("type=oci needs dest=FILE", noDest.Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, _s.Run("images", "-q").Stdout);
        var noFolder = _s.Run("build", "--output", "type=oci,dest=" + _s.Dir.Combine("missing/x.tar"), context);
        Assert.Equal(1, noFolder.ExitCode);
        Assert.Contains("missing does not exist. Create it", noFolder.Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, _s.Run("images", "-q").Stdout); // checked before building, so no image either
    }

    private static Dictionary<string, string> TarEntries(string path)
    {
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        using var reader = new System.Formats.Tar.TarReader(File.OpenRead(path));
        while (reader.GetNextEntry() is { } entry)
        {
            var name = entry.Name.TrimStart('.', '/');
            entries[name] = name.EndsWith(".json", StringComparison.Ordinal) && entry.DataStream is { } data ? new StreamReader(data).ReadToEnd() : string.Empty;
        }

        return entries;
    }

    [GeneratedRegex(@"^(#\d+) \d+\.\d{3} ", RegexOptions.Multiline)]
    private static partial Regex OutputTime();

    [GeneratedRegex(@"DONE \d+\.\d+s")]
    private static partial Regex Duration();
}
