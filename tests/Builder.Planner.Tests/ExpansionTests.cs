using Builder.Planner.Model;
using Xunit;
using static Builder.Planner.Tests.PlannerHarness;

namespace Builder.Planner.Tests;

public sealed class ExpansionTests
{
    [Fact]
    public void EnvSeesTheEnvironmentFromBeforeTheInstruction()
    {
        var plan = Ok(Plan("FROM scratch\nENV A=1\nENV A=2 B=$A\n"));
        Assert.Equal("2", plan.Target!.Config.Config.GetEnv("A"));
        Assert.Equal("1", plan.Target.Config.Config.GetEnv("B"));
        Assert.Equal("ENV A=2 B=1", plan.Target.Config.History[^1].CreatedBy);
    }

    [Fact]
    public void RunCmdEntrypointShellHealthcheckAreNotExpanded()
    {
        var plan = Ok(Plan("FROM scratch\nENV A=1\nRUN echo $A\nCMD echo $A\nENTRYPOINT [\"$A\"]\nHEALTHCHECK CMD test $A\n"));
        var run = plan.Target!.Steps.OfType<RunStep>().Single();
        Assert.Equal<string>(["/bin/sh", "-c", "echo $A"], run.Args);
        Assert.Equal<string>(["$A"], plan.Target.Config.Config.Entrypoint!.Value);
        Assert.Equal<string>(["CMD-SHELL", "test $A"], plan.Target.Config.Config.Healthcheck!.Test!.Value);
    }

    [Fact]
    public void CopyValuesWorkdirUserLabelExposeVolumeStopsignalAreExpanded()
    {
        var plan = Ok(Plan("FROM localbase/busybox:1\nENV D=/dst U=app P=\"80 443/udp\" K=key S=SIGINT\nWORKDIR /w/$U\nCOPY --chown=$U:$U --chmod=644 src/$U.txt $D/\nUSER $U\nLABEL $K=$U\nEXPOSE $P\nVOLUME $D/v\nSTOPSIGNAL $S\n"));
        var config = plan.Target!.Config.Config;
        var copy = plan.Target.Steps.OfType<CopyStep>().Single();
        Assert.Equal("/w/app", config.WorkingDir);
        Assert.Equal<string>(["src/app.txt"], copy.Sources);
        Assert.Equal("/dst/", copy.Destination);
        Assert.Equal("app:app", copy.Chown);
        Assert.Equal("COPY --chown=app:app --chmod=644 src/app.txt /dst/ # buildkit", copy.CreatedBy);
        Assert.Equal("app", config.User);
        Assert.Equal("app", config.Labels!["key"]);
        Assert.Equal<string>(["443/udp", "80/tcp"], config.ExposedPorts!.Keys);
        Assert.Equal<string>(["/dst/v"], config.Volumes!.Keys);
        Assert.Equal("SIGINT", config.StopSignal);
    }

    [Fact]
    public void RelativeCopyDestinationFollowsWorkdir()
    {
        var plan = Ok(Plan("FROM scratch\nWORKDIR /srv\nCOPY a ./b\nCOPY c .\n"));
        var copies = plan.Target!.Steps.OfType<CopyStep>().ToArray();
        Assert.Equal("/srv/b", copies[0].Destination);
        Assert.Equal("/srv/", copies[1].Destination);
    }

    [Fact]
    public void RunMountValuesAreExpanded()
    {
        var plan = Ok(Plan("FROM scratch\nARG T=/cache\nRUN --mount=type=cache,target=$T,id=c-$T true\n"));
        var mount = plan.Target!.Steps.OfType<RunStep>().Single().Mounts.Single().Spec;
        Assert.Equal("/cache", mount.Target);
        Assert.Equal("c-/cache", mount.Id);
    }

    [Fact]
    public void ExpansionErrorIsALocatedDiagnostic()
    {
        const string text = "FROM scratch\nENV A=${B:?required}\n";
        var plan = Plan(text);
        var error = Assert.Single(plan.Diagnostics);
        Assert.Equal("BLD3001", error.Id);
        Assert.Contains("required", error.Message);
        Assert.True(error.Span.Start >= text.IndexOf("${B", StringComparison.Ordinal));
        Assert.True(error.Span.End <= text.Length);
    }

    [Fact]
    public void CopyFromWithAVariableIsRejectedAsBuildKitDoes()
    {
        var plan = Plan("FROM scratch AS a\nFROM scratch\nARG S=a\nCOPY --from=$S / /\n");
        Assert.Equal("BLD3007", Assert.Single(plan.Diagnostics).Id);
    }

    [Fact]
    public void FromUsesMetaArgsOnly()
    {
        var plan = Plan("FROM scratch AS s\nARG IMG=localbase/busybox:1\nFROM ${IMG}\n");
        Assert.Equal("BLD3002", Assert.Single(plan.Diagnostics).Id);
    }
}
