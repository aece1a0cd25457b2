using Builder.Planner.Model;
using Builder.TestKit;
using Xunit;
using static Builder.Planner.Tests.PlannerHarness;

namespace Builder.Planner.Tests;

public sealed class CacheKeyTests
{
    private static string Fixture(string name) => Path.Combine(RepoPaths.Fixtures, "planner", name);

    private static FakeContext BasicContext(string config = "port=80\n") => new()
    {
        Files = { ["config.txt"] = config, ["src/main.c"] = "int main(){}\n", ["README"] = "not copied\n" },
    };

    private static BuildPlan Basic(string? dockerfile = null, FakeContext? context = null, PlanOptions? options = null) =>
        Ok(Plan(dockerfile ?? File.ReadAllText(Path.Combine(Fixture("keys-basic"), "Dockerfile")), options, context ?? BasicContext()));

    [Theory]
    [InlineData("keys-basic")]
    [InlineData("keys-multistage")]
    public void KeysMatchGolden(string name)
    {
        var context = BasicContext();
        context.Files["Makefile"] = "all:\n";
        context.Files["nothing"] = "\n";
        var plan = Ok(Plan(File.ReadAllText(Path.Combine(Fixture(name), "Dockerfile")), null, context));
        Golden.Verify(Path.Combine(Fixture(name), "keys.golden.txt"), KeyLines(plan));
    }

    [Fact]
    public void DisplayOnlyChangesKeepEveryKey()
    {
        var text = File.ReadAllText(Path.Combine(Fixture("keys-basic"), "Dockerfile"));
        var edited = "# a new comment\n" + text
            .Replace("ENV APP_HOME=/srv/app", "ENV   APP_HOME=/srv/app   ", StringComparison.Ordinal)
            .Replace("USER 1000", "user 1000\n\n# trailing comment", StringComparison.Ordinal);
        Assert.Equal(Keys(Basic()), Keys(Basic(edited)));
    }

    [Fact]
    public void AnEditedFileChangesItsCopyAndEverythingAfterButNothingBefore()
    {
        var before = Basic().Target!.Steps;
        var after = Basic(context: BasicContext(config: "port=8080\n")).Target!.Steps;
        var copy = before.ToList().FindIndex(s => s is CopyStep);
        Assert.True(copy > 0);
        for (int i = 0; i < before.Length; i++)
        {
            if (i < copy)
            {
                Assert.Equal(before[i].Key, after[i].Key);
            }
            else
            {
                Assert.NotEqual(before[i].Key, after[i].Key);
            }
        }
    }

    [Fact]
    public void AFileOutsideTheSelectionChangesNothing()
    {
        var context = BasicContext();
        context.Files["README"] = "edited\n";
        Assert.Equal(Keys(Basic()), Keys(Basic(context: context)));
    }

    [Fact]
    public void ABuildArgUsedOnlyInALaterStageKeepsEarlierKeys()
    {
        const string text = "FROM localbase/busybox:1 AS first\nRUN make one\nFROM first\nARG LATE=a\nRUN make $LATE\n";
        var a = Ok(Plan(text));
        var b = Ok(Plan(text, Args(("LATE", "b"))));
        Assert.Equal(Keys(a.Stages[0]), Keys(b.Stages[0]));
        Assert.NotEqual(a.Target!.Root.Key, b.Target!.Root.Key);
    }

    [Fact]
    public void EnvChangeDoesNotInvalidateALaterCopyButDoesALaterRun()
    {
        var a = Basic("FROM localbase/busybox:1\nENV X=1\nCOPY config.txt /\nRUN true\n");
        var b = Basic("FROM localbase/busybox:1\nENV X=2\nCOPY config.txt /\nRUN true\n");
        Assert.Equal(a.Target!.Steps.OfType<CopyStep>().Single().Key, b.Target!.Steps.OfType<CopyStep>().Single().Key);
        Assert.NotEqual(a.Target.Root.Key, b.Target.Root.Key);
    }

    [Fact]
    public void EquivalentSpellingsOfTheSameCopyShareAKey()
    {
        var a = Basic("FROM localbase/busybox:1\nWORKDIR /srv\nCOPY ./config.txt ./\n");
        var b = Basic("FROM localbase/busybox:1\nWORKDIR /srv\nCOPY config.txt /srv/\n");
        Assert.Equal(a.Target!.Root.Key, b.Target!.Root.Key);
    }

    private static string[] Keys(BuildPlan plan) => plan.Steps.Select(s => s.Key.ToString()).ToArray();

    private static string[] Keys(StagePlan stage) => stage.Steps.Select(s => s.Key.ToString()).ToArray();
}
