using Builder.Cache.Oci;
using Builder.Planner.Model;
using Builder.Planner.Scheduling;
using Xunit;

namespace Builder.Executor.Tests;

/// <summary>Multi-stage builds: <c>COPY --from=</c> a stage (name or index) or an image of the store, and <c>--target</c>.</summary>
public sealed class CopyFromTests
{
    private const string TwoStages = """
        FROM scratch AS a
        COPY --chown=10:20 f /x
        FROM scratch
        COPY --from=a /x /y
        """;

    private static string Stat(string path)
    {
        var psi = new System.Diagnostics.ProcessStartInfo("stat", ["-c", "%u:%g", path]) { RedirectStandardOutput = true };
        using var p = System.Diagnostics.Process.Start(psi)!;
        var text = p.StandardOutput.ReadToEnd().Trim();
        p.WaitForExit();
        return text;
    }

    [Fact]
    public async Task Copy_from_a_stage_by_name_takes_the_file_from_that_stage_with_its_owner()
    {
        using var h = new BuildHarness();
        h.Write("f", "from a\n");

        var result = await h.BuildAsync(TwoStages);

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics.Select(d => d.Diagnostic.Message)) + result.Error);
        var layer = Assert.Single(result.Image!.Manifest.Layers);
        var root = await h.UnpackAsync(result.Image);
        Assert.Equal("from a\n", File.ReadAllText(Path.Combine(root, "y")));
        Assert.False(File.Exists(Path.Combine(root, "x")));
        Assert.Equal("10:20", Stat(Path.Combine(root, "y")));
        Assert.Equal("DONE", h.StatusOf("COPY --from=a /x /y"));

        var again = await h.BuildAsync(TwoStages);
        Assert.Equal(0, again.Executed);
        Assert.Equal(layer.Digest, Assert.Single(again.Image!.Manifest.Layers).Digest);
    }

    [Fact]
    public async Task Copy_from_a_stage_index_and_an_edit_in_that_stage_reruns_the_copy()
    {
        using var h = new BuildHarness();
        h.Write("f", "one");
        const string ByIndex = "FROM scratch AS a\nCOPY f /x\nFROM scratch\nCOPY --from=0 /x /dir/\n";
        await h.BuildAsync(ByIndex);
        h.Write("f", "two");

        var result = await h.BuildAsync(ByIndex);

        Assert.True(result.Succeeded);
        Assert.Equal("DONE", h.StatusOf("COPY --from=0 /x /dir/"));
        var root = await h.UnpackAsync(result.Image!);
        Assert.Equal("two", File.ReadAllText(Path.Combine(root, "dir/x")));
    }

    [Fact]
    public async Task Copy_from_an_image_of_the_store()
    {
        using var h = new BuildHarness();
        h.Write("f", "in the image");
        h.Write("g", "g");
        await h.BuildAsync("FROM scratch\nCOPY f /etc/f\nCOPY g /etc/g\n", "test/source:1");

        var result = await h.BuildAsync("FROM scratch\nCOPY --from=test/source:1 /etc /copied\n");

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics.Select(d => d.Diagnostic.Message)) + result.Error);
        var root = await h.UnpackAsync(result.Image!);
        Assert.Equal("in the image", File.ReadAllText(Path.Combine(root, "copied/f")));
        Assert.Equal("g", File.ReadAllText(Path.Combine(root, "copied/g")));
    }

    [Fact]
    public async Task A_missing_source_in_the_stage_fails_at_the_copy_and_records_nothing()
    {
        using var h = new BuildHarness();
        h.Write("f", "f");
        var before = h.StoreListing();

        var result = await h.BuildAsync("FROM scratch AS a\nCOPY f /x\nFROM scratch\nCOPY --from=a /nope /y\n");

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal("BLD3103", error.Diagnostic.Id);
        Assert.Contains("\"nope\" not found in a", error.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(before, h.StoreListing());
    }

    [Fact]
    public async Task Target_builds_only_the_stages_it_needs()
    {
        using var h = new BuildHarness();
        h.Write("f", "f");
        h.Target = "a";

        var result = await h.BuildAsync(TwoStages + "\nFROM scratch AS unused\nCOPY f /unused\n");

        Assert.True(result.Succeeded);
        Assert.DoesNotContain("COPY --from", h.Progress, StringComparison.Ordinal);
        Assert.DoesNotContain("/unused", h.Progress, StringComparison.Ordinal);
        var root = await h.UnpackAsync(result.Image!);
        Assert.Equal(["x"], Directory.GetFileSystemEntries(root).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Independent_stages_build_at_the_same_time()
    {
        using var h = new BuildHarness();
        h.Write("a", "a");
        h.Write("b", "b");
        const string Dockerfile = "FROM scratch AS one\nCOPY a /a\nFROM scratch AS two\nCOPY b /b\nFROM scratch\nCOPY --from=one /a /a\nCOPY --from=two /b /b\n";
        var both = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int arrived = 0;

        var result = await h.BuildAsync(Dockerfile, jobs: 2, inner => new Gate(inner, async (step, ct) =>
        {
            if (step is CopyStep { Source: ContextCopySource })
            {
                if (Interlocked.Increment(ref arrived) == 2)
                {
                    both.TrySetResult();
                }

                // Fails the build (timeout) unless the other stage's COPY is in flight too.
                await both.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
            }
        }));

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics.Select(d => d.Diagnostic.Message)));
        var root = await h.UnpackAsync(result.Image!);
        Assert.Equal("a", File.ReadAllText(Path.Combine(root, "a")));
        Assert.Equal("b", File.ReadAllText(Path.Combine(root, "b")));
    }

    private sealed class Gate(IStepExecutor inner, Func<BuildStep, CancellationToken, Task> before) : IStepExecutor
    {
        public async Task<StepResult> ExecuteAsync(BuildStep step, IReadOnlyDictionary<Digest, StepResult> inputs, CancellationToken ct)
        {
            await before(step, ct);
            return await inner.ExecuteAsync(step, inputs, ct);
        }
    }
}
