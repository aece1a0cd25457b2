using Builder.TestKit;
using Xunit;

namespace Builder.Executor.Tests.Steps;

/// <summary>Keys and errors of the COPY/ADD features: excluded files stay out of the key, unknown names fail at their line.</summary>
public sealed class CopyBehaviourTests
{
    [Fact]
    public async Task Editing_an_excluded_file_keeps_the_copy_cached_and_editing_a_copied_one_does_not()
    {
        using var h = new BuildHarness();
        h.Write("src/app.cs", "app");
        h.Write("src/debug.log", "one");
        const string Dockerfile = "FROM scratch\nCOPY --exclude=*.log src /src/\n";
        await h.BuildAsync(Dockerfile);

        h.Write("src/debug.log", "two");
        var second = await h.BuildAsync(Dockerfile);
        h.Write("src/app.cs", "edited");
        var third = await h.BuildAsync(Dockerfile);

        Assert.Equal(0, second.Executed);
        Assert.Equal("DONE", h.StatusOf("COPY --exclude"));
        Assert.Equal(1, third.Executed);
    }

    [Fact]
    public async Task A_parents_pivot_is_part_of_the_key()
    {
        using var h = new BuildHarness();
        h.Write("x/y/f", "f");
        await h.BuildAsync("FROM scratch\nCOPY --parents x/y/f /d/\n");

        var pivoted = await h.BuildAsync("FROM scratch\nCOPY --parents x/./y/f /d/\n");

        Assert.Equal(1, pivoted.Executed);
        var root = await h.UnpackAsync(pivoted.Image!);
        Assert.True(File.Exists(Path.Combine(root, "d/y/f")));
        Assert.False(Directory.Exists(Path.Combine(root, "d/x")));
    }

    [Fact]
    public async Task An_unknown_user_name_fails_at_its_copy_says_what_to_do_and_records_nothing()
    {
        using var h = new BuildHarness();
        h.Write("passwd", "root:x:0:0::/root:/bin/sh\n");
        h.Write("f", "f");
        var before = h.StoreListing();

        var result = await h.BuildAsync("FROM scratch\nCOPY passwd /etc/passwd\nCOPY --chown=nobody f /f\n");

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal("BLD3103", error.Diagnostic.Id);
        Assert.Equal(3, error.Source.GetLinePosition(error.Diagnostic.Span.Start).Line);
        Assert.Contains("unknown user \"nobody\"", error.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("or use a numeric UID[:GID]", error.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(before, h.StoreListing());
    }

    [Fact]
    public async Task A_workdir_after_an_unknown_user_on_scratch_says_there_is_no_passwd()
    {
        using var h = new BuildHarness();

        var result = await h.BuildAsync("FROM scratch\nUSER app\nWORKDIR /w\n");

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal(3, error.Source.GetLinePosition(error.Diagnostic.Span.Start).Line);
        Assert.Contains("USER app: unknown user \"app\"", error.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("/etc/passwd does not exist there", error.Diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_linked_copy_gives_the_same_layer_as_an_unlinked_one()
    {
        using var h = new BuildHarness();
        h.Write("f", "f");
        var plain = await h.BuildAsync("FROM scratch\nCOPY --chmod=600 f /f\n");
        var linked = await h.BuildAsync("FROM scratch\nCOPY --link --chmod=600 f /f\n");

        Assert.Equal(1, linked.Executed);
        Assert.Equal(Assert.Single(plain.Image!.Manifest.Layers).Digest, Assert.Single(linked.Image!.Manifest.Layers).Digest);
    }

    [Fact]
    public async Task A_git_source_is_rejected_before_anything_runs()
    {
        using var h = new BuildHarness();

        var result = await h.BuildAsync("FROM scratch\nADD https://example.invalid/repo.git /src\n");

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal("BLD3101", error.Diagnostic.Id);
        Assert.Contains("git repository", error.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Empty(h.Store.Content.List());
    }
}
