using System.Text.Json;
using Builder.Cache.Oci;
using Builder.TestKit;
using Xunit;
using static Builder.Planner.Tests.PlannerHarness;

namespace Builder.Planner.Tests;

public sealed class MetadataConfigTests
{
    private static readonly string Dir = Path.Combine(RepoPaths.Fixtures, "planner", "metadata");

    private static ImageConfig Config() => Ok(Plan(File.ReadAllText(Path.Combine(Dir, "Dockerfile")))).Target!.Config;

    [Fact]
    public void ConfigMatchesGolden()
    {
        var config = Config();
        var json = JsonSerializer.Serialize(JsonDocument.Parse(OciJson.Serialize(config with { Created = null })).RootElement, new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Golden.Verify(Path.Combine(Dir, "config.golden.json"), json + "\n");
    }

    [Fact]
    public void MetadataInstructionsSetTheConfigAsBuildKit()
    {
        var c = Config().Config;
        Assert.Equal<string>(
            ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "A=1", "B=two words", "C=three words", "LEGACY=value with spaces", "D=1-two words"],
            c.Env);
        Assert.Equal(new Dictionary<string, string> { ["b"] = "y", ["c d"] = "e f", ["org.example.a"] = "x" }, c.Labels);
        Assert.Equal<string>(["443/tcp", "53/udp", "80/tcp"], c.ExposedPorts!.Keys);
        Assert.Equal("/srv/data", c.WorkingDir);
        Assert.Equal("1000:1000", c.User);
        Assert.Equal<string>(["/cache", "/logs", "/srv/data"], c.Volumes!.Keys);
        Assert.Equal("SIGTERM", c.StopSignal);
        Assert.Equal<string>(["/bin/sh", "-e", "-c"], c.Shell!.Value);
        Assert.Equal<string>(["/bin/sh", "-c"], c.Entrypoint!.Value);
        Assert.Equal<string>(["/bin/sh", "-e", "-c", "echo hello"], c.Cmd!.Value);
        Assert.True(c.ArgsEscaped);
        Assert.Equal(5_000_000_000, c.Healthcheck!.Interval);
        Assert.Equal(2_000_000_000, c.Healthcheck.Timeout);
        Assert.Null(c.Healthcheck.StartPeriod);
        Assert.Equal(4, c.Healthcheck.Retries);
    }

    [Fact]
    public void HistoryIsWrittenInBuildKitsFormat()
    {
        var history = Config().History;
        Assert.Equal("busybox-static rootfs", history[0].CreatedBy);
        Assert.Equal<string>(
        [
            "ENV A=1 B=two words C=three words",
            "ENV LEGACY=value with spaces",
            "ENV D=1-two words",
            "LABEL org.example.a=x b=y c d=e f",
            "EXPOSE [80/tcp 443/tcp 53/udp]",
            "WORKDIR /srv",
            "WORKDIR /srv/app",
            "WORKDIR /srv/data",
            "USER 1000:1000",
            "VOLUME [/srv/data /cache]",
            "VOLUME [/logs]",
            "STOPSIGNAL SIGTERM",
            "HEALTHCHECK {Test:[CMD-SHELL wget -q -O- http://localhost/ || exit 1] Interval:5s Timeout:2s StartPeriod:0s StartInterval:0s Retries:4}",
            "SHELL [/bin/sh -e -c]",
            "ENTRYPOINT [\"/bin/sh\" \"-c\"]",
            "CMD [\"/bin/sh\" \"-e\" \"-c\" \"echo hello\"]",
        ],
            history.Skip(1).Select(h => h.CreatedBy!));
        Assert.All(history.Skip(1), h => Assert.Equal("buildkit.dockerfile.v0", h.Comment));
        Assert.Equal(
            history.Skip(1).Select(h => h.CreatedBy!.StartsWith("WORKDIR", StringComparison.Ordinal) ? (bool?)null : true),
            history.Skip(1).Select(h => h.EmptyLayer));
    }

    [Fact]
    public void EntrypointResetsInheritedCmdButNotOneSetInTheStage()
    {
        var reset = Ok(Plan("FROM localbase/busybox:1\nENTRYPOINT [\"/e\"]\n")).Target!.Config.Config;
        Assert.Null(reset.Cmd);
        var kept = Ok(Plan("FROM localbase/busybox:1\nCMD [\"c\"]\nENTRYPOINT [\"/e\"]\n")).Target!.Config.Config;
        Assert.Equal<string>(["c"], kept.Cmd!.Value);
    }

    [Fact]
    public void MaintainerOnbuildAndScratchDefaults()
    {
        var config = Ok(Plan("FROM scratch\nMAINTAINER Jane <j@example.com>\nONBUILD RUN echo $HOME\nARG X=1\n")).Target!.Config;
        Assert.Equal("Jane <j@example.com>", config.Author);
        Assert.Equal<string>(["RUN echo $HOME"], config.Config.OnBuild!.Value);
        Assert.Equal("/", config.Config.WorkingDir);
        Assert.Equal<string>(["MAINTAINER Jane <j@example.com>", "ARG X=1"], config.History.Select(h => h.CreatedBy!));
    }
}
