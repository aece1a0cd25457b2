using Builder.TestKit;
using Xunit;
using Builder.Cache.Oci;

namespace Builder.Executor.Tests;

public sealed class ScratchCopyTests
{
    private const string Dockerfile = """
        FROM scratch
        ENV A=1
        WORKDIR /app
        COPY a.txt ./
        COPY --chown=10:20 --chmod=600 dir /data/
        COPY *.md /docs/
        CMD ["sh"]
        """;

    private static BuildHarness Context()
    {
        var h = new BuildHarness();
        h.Write("a.txt", "hello\n");
        h.Write("dir/x", "x\n");
        h.Write("dir/sub/y", "y\n");
        h.Write("dir/skip.log", "ignored\n");
        h.Write("one.md", "1");
        h.Write("two.md", "2");
        h.Write(".dockerignore", "**/*.log\n");
        return h;
    }

    [Fact]
    public async Task Scratch_copy_layers_hold_the_copied_files_with_their_owners_and_modes()
    {
        using var h = Context();
        var result = await h.BuildAsync(Dockerfile, "test/scratch:1");

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics.Select(d => d.Diagnostic.Message)) + result.Error);
        var image = result.Image!;
        Assert.Equal(4, image.Manifest.Layers.Length); // WORKDIR, three COPYs
        var root = await h.UnpackAsync(image);
        Assert.Equal("hello\n", File.ReadAllText(Path.Combine(root, "app/a.txt")));
        Assert.Equal("x\n", File.ReadAllText(Path.Combine(root, "data/x")));
        Assert.Equal("y\n", File.ReadAllText(Path.Combine(root, "data/sub/y")));
        Assert.False(File.Exists(Path.Combine(root, "data/skip.log")));
        Assert.False(Directory.Exists(Path.Combine(root, "data/dir"))); // a directory source copies its contents
        Assert.Equal("1", File.ReadAllText(Path.Combine(root, "docs/one.md")));
        Assert.Equal("2", File.ReadAllText(Path.Combine(root, "docs/two.md")));
        Assert.Equal("10:20 600", Stat(Path.Combine(root, "data/x")));
        Assert.Equal("10:20 600", Stat(Path.Combine(root, "data/sub")));
        Assert.Equal("0:0 644", Stat(Path.Combine(root, "app/a.txt")));
        Assert.Equal("0:0 755", Stat(Path.Combine(root, "app")));

        var config = h.ConfigOf(image);
        Assert.Equal("/app", config.Config.WorkingDir);
        Assert.Contains("A=1", config.Config.Env!.Value);
        Assert.Equal(new[] { "sh" }, config.Config.Cmd!.Value.ToArray());
        Assert.Equal(image.Manifest.Layers.Length, config.RootFs.DiffIds.Length);
        Assert.Equal(
            ["ENV A=1", "WORKDIR /app", "COPY a.txt ./ # buildkit", "COPY --chown=10:20 --chmod=600 dir /data/ # buildkit", "COPY *.md /docs/ # buildkit", "CMD [\"sh\"]"],
            config.History.Select(e => e.CreatedBy!));
        Assert.All(config.History, e => Assert.NotNull(e.Created));
        Assert.NotNull(config.Created);
        Assert.Equal(image.Id, h.Store.Resolve("test/scratch:1").Image.Id);
    }

    [Fact]
    public async Task An_unchanged_rebuild_is_all_cached_and_gives_the_same_manifest()
    {
        using var h = Context();
        var first = await h.BuildAsync(Dockerfile);
        Assert.True(first.Cached == 0 && first.Executed > 0);
        Assert.Contains("#3 [1/4] WORKDIR /app", h.Progress, StringComparison.Ordinal);

        var second = await h.BuildAsync(Dockerfile);

        Assert.Equal(0, second.Executed);
        Assert.Equal(first.Executed, second.Cached);
        foreach (var step in new[] { "WORKDIR /app", "COPY a.txt ./", "COPY --chown=10:20", "COPY *.md /docs/" })
        {
            Assert.Equal("CACHED", h.StatusOf(step));
        }

        Assert.Equal(first.Image!.ManifestDescriptor.Digest, second.Image!.ManifestDescriptor.Digest);
    }

    [Fact]
    public async Task Touching_a_context_file_keeps_every_step_cached()
    {
        using var h = Context();
        var first = await h.BuildAsync(Dockerfile);
        File.SetLastWriteTimeUtc(Path.Combine(h.Context, "a.txt"), DateTime.UtcNow.AddHours(1));
        File.SetLastWriteTimeUtc(Path.Combine(h.Context, "dir/x"), DateTime.UtcNow.AddHours(2));

        var second = await h.BuildAsync(Dockerfile);

        Assert.Equal(0, second.Executed);
        Assert.Equal(first.Image!.ManifestDescriptor.Digest, second.Image!.ManifestDescriptor.Digest);
    }

    [Fact]
    public async Task Editing_a_copied_file_reruns_that_copy_and_the_steps_after_it_only()
    {
        using var h = Context();
        var first = await h.BuildAsync(Dockerfile);
        h.Write("dir/x", "edited\n");

        var second = await h.BuildAsync(Dockerfile);

        Assert.Equal("CACHED", h.StatusOf("WORKDIR /app"));
        Assert.Equal("CACHED", h.StatusOf("COPY a.txt ./"));
        Assert.Equal("DONE", h.StatusOf("COPY --chown=10:20"));
        Assert.Equal("DONE", h.StatusOf("COPY *.md /docs/"));
        Assert.NotEqual(first.Image!.ManifestDescriptor.Digest, second.Image!.ManifestDescriptor.Digest);
        Assert.Equal(first.Image.Manifest.Layers[..2].Select(l => l.Digest), second.Image.Manifest.Layers[..2].Select(l => l.Digest));
        var root = await h.UnpackAsync(second.Image);
        Assert.Equal("edited\n", File.ReadAllText(Path.Combine(root, "data/x")));
    }

    [SandboxFact]
    public async Task A_run_step_that_cannot_start_fails_at_its_line_and_leaves_the_store_unchanged()
    {
        Requirements.Root();
        using var h = Context();
        await h.BuildAsync(Dockerfile, "test/scratch:1");
        var before = h.StoreListing();

        var result = await h.BuildAsync("FROM scratch\nCOPY a.txt /new/\nRUN echo hi\n", "test/scratch:1");

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Diagnostics, d => d.Diagnostic.IsError);
        Assert.Equal("BLD3103", error.Diagnostic.Id);
        Assert.Contains("/bin/sh", error.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(3, error.Source.GetLinePosition(error.Diagnostic.Span.Start).Line);
        Assert.Equal(before, h.StoreListing());
    }

    [Fact]
    public async Task A_missing_source_fails_at_its_copy_before_anything_runs()
    {
        using var h = Context();
        var result = await h.BuildAsync("FROM scratch\nWORKDIR /w\nCOPY nope.txt /\n");

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal("BLD3102", error.Diagnostic.Id);
        Assert.Equal(3, error.Source.GetLinePosition(error.Diagnostic.Span.Start).Line);
        Assert.Empty(h.Store.Content.List());
    }

    [Fact]
    public async Task With_source_date_epoch_two_fresh_stores_get_the_same_manifest()
    {
        var epoch = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
        using var a = Context();
        using var b = new BuildHarness();
        foreach (var file in Directory.EnumerateFiles(a.Context, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(a.Context, file);
            File.SetLastWriteTimeUtc(b.Write(relative, File.ReadAllText(file)), DateTime.UnixEpoch.AddDays(1));
            File.SetLastWriteTimeUtc(file, DateTime.UnixEpoch.AddDays(1));
        }

        var first = await a.BuildAsync(Dockerfile, epoch);
        await Task.Delay(1100); // a clock that moved on must not show in the image
        var second = await b.BuildAsync(Dockerfile, epoch);

        Assert.Equal(first.Image!.ManifestDescriptor.Digest, second.Image!.ManifestDescriptor.Digest);
        Assert.Equal(epoch, a.ConfigOf(first.Image).Created);
    }

    private static string Stat(string path)
    {
        var psi = new System.Diagnostics.ProcessStartInfo("stat", ["-c", "%u:%g %a", path]) { RedirectStandardOutput = true };
        using var p = System.Diagnostics.Process.Start(psi)!;
        var text = p.StandardOutput.ReadToEnd().Trim();
        p.WaitForExit();
        return text;
    }
}
