using Builder.TestKit;
using Xunit;

namespace Builder.Executor.Tests.Run;

/// <summary>A base image's ONBUILD triggers run first in the stage that names it, at its FROM line.</summary>
public sealed class OnBuildTests
{
    [SandboxFact]
    public async Task Triggers_run_before_the_stage_and_leave_the_config()
    {
        Requirements.Root();
        using var h = new BuildHarness();
        await BusyboxImage.ImportAsync(h.Store);
        h.Write("a.txt", "from the child's context\n");
        h.DockerfileName = "base.Dockerfile";
        var parent = await h.BuildAsync($"""
            FROM {BusyboxImage.Reference}
            ONBUILD COPY a.txt /triggered/
            ONBUILD RUN echo ran > /triggered/run.txt
            ONBUILD ENV TRIGGERED=yes
            """, "onbuild/base:1");
        Assert.True(parent.Succeeded, RunBuildTests.Describe(parent, h));
        Assert.Equal(3, h.ConfigOf(parent.Image!).Config.OnBuild!.Value.Length);
        h.DockerfileName = "Dockerfile";

        var child = await h.BuildAsync("FROM onbuild/base:1\nRUN cat /triggered/run.txt > /after.txt\n");

        Assert.True(child.Succeeded, RunBuildTests.Describe(child, h));
        Assert.Contains("[2/4] ONBUILD COPY a.txt /triggered/", h.Progress, StringComparison.Ordinal);
        Assert.Contains("[3/4] ONBUILD RUN echo ran > /triggered/run.txt", h.Progress, StringComparison.Ordinal);
        var root = await h.UnpackAsync(child.Image!);
        Assert.Equal("from the child's context\n", File.ReadAllText(Path.Combine(root, "triggered/a.txt")));
        Assert.Equal("ran\n", File.ReadAllText(Path.Combine(root, "after.txt")));
        var config = h.ConfigOf(child.Image!).Config;
        Assert.Null(config.OnBuild);
        Assert.Contains("TRIGGERED=yes", config.Env!.Value);
    }

    [SandboxFact]
    public async Task A_trigger_that_cannot_run_is_reported_at_the_from_line()
    {
        Requirements.Root();
        using var h = new BuildHarness();
        await BusyboxImage.ImportAsync(h.Store);
        h.DockerfileName = "base.Dockerfile";
        Assert.True((await h.BuildAsync($"FROM {BusyboxImage.Reference}\nONBUILD COPY missing.txt /\n", "onbuild/bad:1")).Succeeded);
        h.DockerfileName = "Dockerfile";

        var child = await h.BuildAsync("ARG X=1\nFROM onbuild/bad:1\n");

        var error = Assert.Single(child.Diagnostics, d => d.Diagnostic.IsError);
        Assert.Equal(2, error.Source.GetLinePosition(error.Diagnostic.Span.Start).Line);
        Assert.Contains("missing.txt", error.Diagnostic.Message, StringComparison.Ordinal);
    }
}
