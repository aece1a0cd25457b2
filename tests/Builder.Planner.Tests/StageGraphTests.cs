using Builder.Planner.Model;
using Xunit;
using static Builder.Planner.Tests.PlannerHarness;

namespace Builder.Planner.Tests;

public sealed class StageGraphTests
{
    private const string ThreeStages = "FROM scratch AS a\nCOPY a /a\nFROM scratch AS b\nCOPY --from=a /a /b\nFROM scratch AS c\nCOPY c /c\n";

    [Fact]
    public void OnlyStagesReachableFromTheLastStageArePlanned()
    {
        var plan = Ok(Plan(ThreeStages));
        Assert.Equal<int>([2], plan.Stages.Select(s => s.Index));
        Assert.Equal(2, plan.Target!.Index);
    }

    [Fact]
    public void TargetSelectsAStageAndItsDependencies()
    {
        var plan = Ok(Plan(ThreeStages, new PlanOptions { Target = "B" }));
        Assert.Equal<int>([0, 1], plan.Stages.Select(s => s.Index));
        var copy = plan.Target!.Steps.OfType<CopyStep>().Single();
        Assert.Same(plan.Stages[0].Root, ((StepCopySource)copy.Source).Step);
    }

    [Fact]
    public void UnknownTargetIsReported()
    {
        var plan = Plan(ThreeStages, new PlanOptions { Target = "nope" });
        var error = Assert.Single(plan.Diagnostics);
        Assert.Equal("BLD3004", error.Id);
        Assert.Contains("a, b, c", error.Message);
    }

    [Fact]
    public void FromStageIndexAndRunMountFromAreDependencies()
    {
        var plan = Ok(Plan("FROM scratch\nCOPY x /x\nFROM localbase/busybox:1 AS tools\nFROM localbase/busybox:1\nCOPY --from=0 /x /x\nRUN --mount=from=tools,target=/t ls /t\n"));
        Assert.Equal<int>([0, 1, 2], plan.Stages.Select(s => s.Index));
        var run = plan.Target!.Steps.OfType<RunStep>().Single();
        Assert.Same(plan.Stages[1].Root, run.Mounts.Single().FromStep);
    }

    [Fact]
    public void FromEarlierStageInheritsItsConfigAndSteps()
    {
        var plan = Ok(Plan("FROM localbase/busybox:1 AS base\nENV A=1\nONBUILD RUN x\nFROM base\nENV B=2\n"));
        Assert.Equal("1", plan.Target!.Config.Config.GetEnv("A"));
        Assert.Null(plan.Target.Config.Config.OnBuild);
        Assert.Same(plan.Stages[0].Root, plan.Target.Root);
    }

    [Fact]
    public void UnknownImageIsALocatedDiagnostic()
    {
        const string text = "FROM scratch\nFROM nosuch/image:1\n";
        var error = Assert.Single(Plan(text).Diagnostics);
        Assert.Equal("BLD3005", error.Id);
        Assert.Equal(text.IndexOf("nosuch", StringComparison.Ordinal), error.Span.Start);
    }

    [Fact]
    public void CopyFromALaterStageIsReported()
    {
        var plan = Plan("FROM scratch AS a\nCOPY --from=b / /\nFROM scratch AS b\nFROM a\n");
        Assert.Contains(plan.Diagnostics, d => d.Id == "BLD3008");
    }

    [Fact]
    public void CopyFromAnImageUsesTheStore()
    {
        var plan = Ok(Plan("FROM scratch\nCOPY --from=localbase/busybox:1 /bin/sh /sh\n"));
        var copy = plan.Target!.Steps.OfType<CopyStep>().Single();
        Assert.IsType<ImageStep>(((StepCopySource)copy.Source).Step);
    }

    [Fact]
    public void EqualStepsAreDeduplicated()
    {
        var plan = Ok(Plan("FROM localbase/busybox:1 AS one\nRUN make\nFROM localbase/busybox:1 AS two\nRUN make\nFROM scratch\nCOPY --from=one /a /a\nCOPY --from=two /a /b\n"));
        Assert.Same(plan.Stages[0].Root, plan.Stages[1].Root);
        Assert.Equal(plan.Steps.Length, plan.Steps.Select(s => s.Key).Distinct().Count());
    }

    [Fact]
    public void StepsAreInTopologicalOrder()
    {
        var plan = Ok(Plan(File.ReadAllText(Path.Combine(TestKit.RepoPaths.Fixtures, "planner", "keys-multistage", "Dockerfile"))));
        var seen = new HashSet<Builder.Cache.Oci.Digest>();
        foreach (var step in plan.Steps)
        {
            Assert.All(step.Inputs, input => Assert.Contains(input.Key, seen));
            seen.Add(step.Key);
        }
    }
}
