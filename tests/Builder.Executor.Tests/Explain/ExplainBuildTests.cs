using Xunit;

namespace Builder.Executor.Tests.Explain;

/// <summary><c>--explain</c> end to end: each step that reran names the input that changed since the last successful build.</summary>
public sealed class ExplainBuildTests
{
    private const string Dockerfile = "FROM scratch\nARG V=1\nCOPY a.txt /a.txt\nCOPY app/ /app/\nENV X=$V\nCOPY b.txt /b-$V.txt\n";

    [Fact]
    public async Task The_first_build_has_nothing_to_compare_with()
    {
        using var h = Harness();
        var result = await h.BuildAsync(Dockerfile);

        Assert.True(result.Succeeded);
        Assert.Equal(3, result.Explanations.Count);
        Assert.All(result.Explanations.Values, why => Assert.Equal("no earlier build of this step to compare with", Assert.Single(why)));
        Assert.Contains("explain: no earlier build", h.Progress, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_edit_names_the_edited_file_and_the_later_steps_name_their_parent()
    {
        using var h = Harness();
        await h.BuildAsync(Dockerfile);
        h.Write("app/main.c", "int main() { return 1; }\n");
        File.SetLastWriteTimeUtc(Path.Combine(h.Context, "a.txt"), DateTime.UtcNow.AddMinutes(5));

        var result = await h.BuildAsync(Dockerfile);

        Assert.Equal("CACHED", h.StatusOf("COPY a.txt"));
        Assert.Equal("context files changed: app/main.c (changed)", Assert.Single(result.Explanations["[2/3] COPY app/ /app/"]));
        Assert.Equal("the step before it changed: [2/3] COPY app/ /app/", Assert.Single(result.Explanations["[3/3] COPY b.txt /b-$V.txt"]));
        Assert.False(result.Explanations.ContainsKey("[1/3] COPY a.txt /a.txt"));
        Assert.Contains("#3 explain: context files changed: app/main.c (changed)", h.Progress, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Added_and_removed_files_are_named()
    {
        using var h = Harness();
        await h.BuildAsync(Dockerfile);
        File.Delete(Path.Combine(h.Context, "app/util.c"));
        h.Write("app/new.c", "new\n");

        var result = await h.BuildAsync(Dockerfile);

        Assert.Equal("context files changed: app/new.c (added), app/util.c (removed)", Assert.Single(result.Explanations["[2/3] COPY app/ /app/"]));
    }

    [Fact]
    public async Task A_build_arg_names_the_expanded_value_that_changed()
    {
        using var h = Harness();
        await h.BuildAsync(Dockerfile);
        h.BuildArgs["V"] = "2";

        var result = await h.BuildAsync(Dockerfile);

        Assert.Equal("dest changed: \"/b-1.txt\" → \"/b-2.txt\"", Assert.Single(Assert.Single(result.Explanations).Value));
    }

    [Fact]
    public async Task A_rebuilt_base_image_is_named_with_both_digests()
    {
        using var h = Harness();
        const string app = "FROM base:1\nCOPY b.txt /\n";
        await BuildBaseAsync(h);
        var first = await h.BuildAsync(app);
        h.Write("a.txt", "changed\n");
        var rebuiltBase = await BuildBaseAsync(h);

        var result = await h.BuildAsync(app);

        var why = Assert.Single(result.Explanations["[2/2] COPY b.txt /"]);
        Assert.StartsWith("the step before it changed: [1/2] FROM ", why, StringComparison.Ordinal);
        Assert.EndsWith("base:1@" + rebuiltBase.Image!.ManifestDescriptor.Digest, why, StringComparison.Ordinal);
        Assert.NotEqual(first.Image!.Id, result.Image!.Id);
    }

    [Fact]
    public async Task An_unchanged_rebuild_explains_nothing()
    {
        using var h = Harness();
        await h.BuildAsync(Dockerfile);

        var result = await h.BuildAsync(Dockerfile);

        Assert.Empty(result.Explanations);
        Assert.DoesNotContain("explain:", h.Progress, StringComparison.Ordinal);
    }

    private static async Task<BuildResult> BuildBaseAsync(BuildHarness h)
    {
        h.DockerfileName = "base.Dockerfile";
        try
        {
            return await h.BuildAsync("FROM scratch\nCOPY a.txt /\n", "base:1");
        }
        finally
        {
            h.DockerfileName = "Dockerfile";
        }
    }

    private static BuildHarness Harness()
    {
        var h = new BuildHarness { Explain = true };
        h.Write("a.txt", "a\n");
        h.Write("b.txt", "b\n");
        h.Write("app/main.c", "int main() { return 0; }\n");
        h.Write("app/util.c", "void util() {}\n");
        return h;
    }
}
