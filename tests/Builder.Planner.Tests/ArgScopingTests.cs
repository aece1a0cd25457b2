using Builder.Planner.Model;
using Builder.TestKit;
using Xunit;
using static Builder.Planner.Tests.PlannerHarness;

namespace Builder.Planner.Tests;

public sealed class ArgScopingTests
{
    private const string BusyboxPath = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private static RunStep[] Runs(BuildPlan plan) => plan.Target!.Steps.OfType<RunStep>().ToArray();

    private static string? Env(BuildPlan plan, string name) => plan.Target!.Config.Config.GetEnv(name);

    [Fact]
    public void PeerArgsCaseScopesLikeBuildKit()
    {
        var dir = Path.Combine(RepoPaths.Fixtures, "planner", "args");
        var args = File.ReadAllLines(Path.Combine(dir, "build-args")).Where(l => l.Contains('=')).Select(l => (l[..l.IndexOf('=')], l[(l.IndexOf('=') + 1)..])).ToArray();
        var plan = Ok(Plan(File.ReadAllText(Path.Combine(dir, "Dockerfile")), Args(args)));

        var runs = Runs(plan);
        Assert.Equal<string>(
            [BusyboxPath, "GLOBAL_ONLY=global", "WITH_DEFAULT=second", "FROM_CLI=cli-value", "FROM_ENV=dflt-fallback-set"],
            runs[0].Env);
        Assert.Equal(
            "RUN |4 GLOBAL_ONLY=global WITH_DEFAULT=second FROM_CLI=cli-value UNSET= /bin/sh -c echo \"$GLOBAL_ONLY $WITH_DEFAULT $FROM_CLI $FROM_ENV\" > /args.txt # buildkit",
            runs[0].CreatedBy);
        Assert.Contains("WITH_DEFAULT=env-wins", runs[1].Env);
        Assert.Equal(
            "RUN |4 GLOBAL_ONLY=global WITH_DEFAULT=env-wins FROM_CLI=cli-value UNSET= /bin/sh -c echo \"$WITH_DEFAULT\" > /env-wins.txt # buildkit",
            runs[1].CreatedBy);
        Assert.Equal<string>([BusyboxPath, "FROM_ENV=dflt-fallback-set", "WITH_DEFAULT=env-wins"], plan.Target!.Config.Config.Env);
        var history = plan.Target.Config.History.Select(h => h.CreatedBy).ToArray();
        Assert.Contains("ARG GLOBAL_ONLY=global", history);
        Assert.Contains("ARG FROM_CLI=cli-value", history);
        Assert.Contains("ARG UNSET", history);
    }

    [Fact]
    public void MetaArgIsNotVisibleInAStageUntilRedeclared()
    {
        var plan = Ok(Plan("ARG V=meta\nFROM scratch\nENV BEFORE=${V:-unset}\nARG V\nENV AFTER=$V\n"));
        Assert.Equal("unset", Env(plan, "BEFORE"));
        Assert.Equal("meta", Env(plan, "AFTER"));
    }

    [Fact]
    public void BuildArgOverridesDefaultsOfDeclaredArgsOnly()
    {
        var plan = Plan("ARG M=1\nFROM scratch\nARG M\nARG S=default\nENV M=$M S=$S U=${UNDECLARED:-none}\n", Args(("M", "cli-m"), ("S", "cli-s"), ("UNDECLARED", "x")));
        Assert.Equal("cli-m", Env(plan, "M"));
        Assert.Equal("cli-s", Env(plan, "S"));
        Assert.Equal("none", Env(plan, "U"));
        var warning = Assert.Single(plan.Diagnostics);
        Assert.Equal("BLD3012", warning.Id);
        Assert.Contains("UNDECLARED", warning.Message);
    }

    [Fact]
    public void ArgDefaultsAreExpanded()
    {
        var plan = Ok(Plan("ARG R=localbase\nARG IMG=$R/busybox:1\nFROM $IMG\nARG A=x\nARG B=${A}y\nENV B=$B\n"));
        Assert.Equal("xy", Env(plan, "B"));
        Assert.IsType<ImageStep>(plan.Target!.Steps[0]);
    }

    [Fact]
    public void PlatformArgsAreUsableInFromAndInheritedByDeclaredArgs()
    {
        var plan = Ok(Plan("FROM --platform=$BUILDPLATFORM localbase/busybox:1\nARG TARGETARCH\nARG TARGETPLATFORM\nENV ARCH=$TARGETARCH P=$TARGETPLATFORM N=${BUILDOS:-no}\n"));
        Assert.Equal("amd64", Env(plan, "ARCH"));
        Assert.Equal("linux/amd64", Env(plan, "P"));
        Assert.Equal("no", Env(plan, "N"));
    }

    [Fact]
    public void ProxyArgsReachRunButNotKeysOrHistory()
    {
        const string dockerfile = "FROM localbase/busybox:1\nARG no_proxy\nRUN wget http://example.com/\n";
        var plain = Ok(Plan(dockerfile));
        var proxied = Ok(Plan(dockerfile, Args(("HTTP_PROXY", "http://proxy:3128"), ("no_proxy", "localhost"))));
        var run = Runs(proxied)[0];
        Assert.Equal<string>(["no_proxy=localhost", "HTTP_PROXY=http://proxy:3128"], run.ProxyEnv);
        Assert.DoesNotContain(run.Env, e => e.Contains("proxy", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(Runs(plain)[0].Key, run.Key);
        Assert.DoesNotContain(proxied.Target!.Config.History, h => h.CreatedBy!.Contains("proxy", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void EnvAfterArgWinsForExpansion()
    {
        var plan = Ok(Plan("FROM scratch\nARG V=arg\nENV V=env\nENV W=$V\n", Args(("V", "cli"))));
        Assert.Equal("env", Env(plan, "W"));
    }

    [Fact]
    public void ArgsCarryIntoAStageBuiltFromAnother()
    {
        var plan = Ok(Plan("FROM localbase/busybox:1 AS base\nARG X=1\nFROM base\nRUN echo $X\n"));
        var run = Runs(plan)[0];
        Assert.Contains("X=1", run.Env);
        Assert.StartsWith("RUN |1 X=1 /bin/sh -c", run.CreatedBy, StringComparison.Ordinal);
    }
}
