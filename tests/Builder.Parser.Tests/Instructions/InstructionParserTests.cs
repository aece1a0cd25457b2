using Builder.Parser.Diagnostics;
using Builder.Parser.Instructions;
using Xunit;

namespace Builder.Parser.Tests.Instructions;

public sealed class InstructionParserTests
{
    private static Dockerfile Parse(string text) => Dockerfile.Parse(text);

    private static Diagnostic SingleError(string text)
    {
        var file = Parse(text);
        return Assert.Single(file.Diagnostics, d => d.IsError);
    }

    [Fact]
    public void Stages_group_instructions_and_meta_args_come_first()
    {
        var file = Parse("ARG BASE=alpine\nFROM $BASE AS build\nRUN make\nFROM scratch\nCOPY --from=build /out /\n");
        Assert.False(file.HasErrors);
        Assert.Single(file.MetaArgs);
        Assert.Equal(2, file.Stages.Length);
        Assert.Equal("build", file.Stages[0].Name);
        Assert.Null(file.Stages[1].Name);
        var copy = Assert.IsType<CopyInstruction>(Assert.Single(file.Stages[1].Instructions));
        Assert.Equal("build", copy.From!.Value.Value);
        Assert.Equal("/", copy.Destination.Value);
    }

    [Fact]
    public void Unknown_instruction_suggests_the_closest_keyword()
    {
        var error = SingleError("FROM a\nRUNN echo\n");
        Assert.Equal("BLD1101", error.Id);
        Assert.Equal("unknown instruction: RUNN (did you mean RUN?)", error.Message);
        Assert.Equal(7, error.Span.Start);
        Assert.Equal(4, error.Span.Length);
    }

    [Fact]
    public void Unknown_flag_suggests_the_closest_flag_and_points_at_it()
    {
        const string text = "FROM a\nCOPY --chwon=1 a b\n";
        var error = SingleError(text);
        Assert.Equal("BLD1102", error.Id);
        Assert.Contains("did you mean --chown?", error.Message);
        Assert.Equal("--chwon=1", text.Substring(error.Span.Start, error.Span.Length));
    }

    [Theory]
    [InlineData("FROM a\nCOPY --from a b\n", "BLD1103")]
    [InlineData("FROM a\nCOPY --link=maybe a b\n", "BLD1104")]
    [InlineData("FROM a\nCOPY --from=x --from=y a b\n", "BLD1105")]
    [InlineData("FROM a\nCOPY onlyone\n", "BLD1106")]
    [InlineData("FROM a AS 1st\n", "BLD1107")]
    [InlineData("FROM a\nRUN --mount=type=cache echo\n", "BLD1108")]
    [InlineData("FROM a\nRUN --network=bridge echo\n", "BLD1109")]
    [InlineData("FROM a\nSHELL /bin/bash -c\n", "BLD1110")]
    [InlineData("RUN echo\nFROM a\n", "BLD1111")]
    [InlineData("FROM a\nONBUILD FROM b\n", "BLD1112")]
    [InlineData("FROM a AS x\nFROM b AS X\n", "BLD1113")]
    [InlineData("FROM a\nHEALTHCHECK --interval=5 CMD true\n", "BLD1109")]
    [InlineData("FROM a\nHEALTHCHECK --retries=-1 CMD true\n", "BLD1109")]
    [InlineData("FROM a\nWORKDIR\n", "BLD1106")]
    [InlineData("FROM a\nCOPY --chmod=999 a b\n", "BLD1109")]
    [InlineData("FROM a\nCOPY a <<EOF\nx\nEOF\n", "BLD1115")]
    [InlineData("FROM a\nENV a=1 b\n", "BLD1008")]
    [InlineData("FROM a\nENV PATH\n", "BLD1007")]
    [InlineData("FROM a\nCMD [\"a\", 1]\n", "BLD1006")]
    [InlineData("FROM a\nRUN <<EOF\necho\n", "BLD1005")]
    public void Invalid_input_gives_one_located_error(string text, string id)
    {
        var error = SingleError(text);
        Assert.Equal(id, error.Id);
        Assert.InRange(error.Span.Start, 0, text.Length);
        Assert.InRange(error.Span.End, error.Span.Start, text.Length);
    }

    [Fact]
    public void Run_reads_mounts_network_and_security()
    {
        var file = Parse("FROM a\nRUN --mount=type=cache,target=/root/.cache,sharing=locked,id=pip --mount=type=secret,id=tok,required --network=none --security=insecure pip install x\n");
        Assert.False(file.HasErrors, string.Join("\n", file.Diagnostics));
        var run = Assert.IsType<RunInstruction>(file.Stages[0].Instructions[0]);
        Assert.Equal(2, run.Mounts.Length);
        Assert.Equal(MountType.Cache, run.Mounts[0].Type);
        Assert.Equal(CacheSharing.Locked, run.Mounts[0].Sharing);
        Assert.Equal("/root/.cache", run.Mounts[0].Target);
        Assert.False(run.Mounts[0].ReadOnly);
        Assert.Equal(MountType.Secret, run.Mounts[1].Type);
        Assert.True(run.Mounts[1].Required);
        Assert.Equal(NetworkMode.None, run.Network);
        Assert.Equal(SecurityMode.Insecure, run.Security);
        Assert.False(run.Command.IsExec);
        Assert.Equal("pip install x", run.Command.ShellText!.Value.Value);
    }

    [Fact]
    public void Bind_mounts_are_read_only_unless_rw()
    {
        var file = Parse("FROM a\nRUN --mount=target=/src --mount=type=bind,target=/w,rw true\n");
        var run = Assert.IsType<RunInstruction>(file.Stages[0].Instructions[0]);
        Assert.True(run.Mounts[0].ReadOnly);
        Assert.False(run.Mounts[1].ReadOnly);
    }

    [Fact]
    public void Copy_reads_every_flag_and_heredoc_sources()
    {
        var file = Parse("FROM a\nCOPY --chown=app:app --chmod=0644 --link --parents --exclude=*.md --exclude=tmp <<CONF src/ /etc/app/\nkey=value\nCONF\n");
        Assert.False(file.HasErrors, string.Join("\n", file.Diagnostics));
        var copy = Assert.IsType<CopyInstruction>(file.Stages[0].Instructions[0]);
        Assert.Equal("app:app", copy.Options.Chown!.Value.Value);
        Assert.Equal("0644", copy.Options.Chmod!.Value.Value);
        Assert.True(copy.Options.Link);
        Assert.True(copy.Parents);
        Assert.Equal(["*.md", "tmp"], copy.Options.Excludes.Select(e => e.Value));
        var heredoc = Assert.Single(copy.HeredocSources);
        Assert.Equal("CONF", heredoc.Name);
        Assert.Equal("key=value\n", heredoc.Heredoc.Content);
        Assert.Equal("src/", Assert.Single(copy.Sources).Value);
    }

    [Fact]
    public void Add_reads_checksum_keep_git_dir_and_unpack()
    {
        var file = Parse("FROM a\nADD --checksum=sha256:abc --keep-git-dir=true --unpack=false https://x/y.tgz /y\n");
        Assert.False(file.HasErrors, string.Join("\n", file.Diagnostics));
        var add = Assert.IsType<AddInstruction>(file.Stages[0].Instructions[0]);
        Assert.Equal("sha256:abc", add.Checksum!.Value.Value);
        Assert.True(add.KeepGitDir);
        Assert.False(add.Unpack);
    }

    [Fact]
    public void Healthcheck_durations_and_retries()
    {
        var file = Parse("FROM a\nHEALTHCHECK --interval=1m30s --timeout=500ms --start-period=0s --retries=3 CMD [\"curl\", \"-f\", \"http://localhost\"]\n");
        Assert.False(file.HasErrors, string.Join("\n", file.Diagnostics));
        var hc = Assert.IsType<HealthcheckInstruction>(file.Stages[0].Instructions[0]);
        Assert.Equal(TimeSpan.FromSeconds(90), hc.Interval);
        Assert.Equal(TimeSpan.FromMilliseconds(500), hc.Timeout);
        Assert.Equal(TimeSpan.Zero, hc.StartPeriod);
        Assert.Equal(3, hc.Retries);
        Assert.True(hc.Test!.IsExec);
        Assert.Equal(["curl", "-f", "http://localhost"], hc.Test.Words.ToArray());
    }

    [Fact]
    public void Healthcheck_none()
    {
        var hc = Assert.IsType<HealthcheckInstruction>(Parse("FROM a\nHEALTHCHECK NONE\n").Stages[0].Instructions[0]);
        Assert.True(hc.IsNone);
    }

    [Fact]
    public void Arg_declarations_with_and_without_defaults()
    {
        var arg = Assert.Single(Parse("ARG A B=\"x y\" C=\nFROM a\n").MetaArgs);
        Assert.Equal(["A", "B", "C"], arg.Arguments.Select(a => a.Name.Value));
        Assert.Null(arg.Arguments[0].Default);
        Assert.Equal("\"x y\"", arg.Arguments[1].Default!.Value.Value);
        Assert.Equal(string.Empty, arg.Arguments[2].Default!.Value.Value);
    }

    [Fact]
    public void Onbuild_wraps_a_typed_trigger_with_its_heredoc()
    {
        var file = Parse("FROM a\nONBUILD RUN <<EOF\necho hi\nEOF\n");
        Assert.False(file.HasErrors, string.Join("\n", file.Diagnostics));
        var onbuild = Assert.IsType<OnbuildInstruction>(file.Stages[0].Instructions[0]);
        var run = Assert.IsType<RunInstruction>(onbuild.Trigger);
        Assert.Equal("echo hi\n", Assert.Single(run.Heredocs).Content);
    }

    [Fact]
    public void Exec_and_shell_forms_are_told_apart()
    {
        var file = Parse("FROM a\nCMD [\"a\", \"b c\"]\nENTRYPOINT exec app\n");
        var cmd = Assert.IsType<CmdInstruction>(file.Stages[0].Instructions[0]);
        var entry = Assert.IsType<EntrypointInstruction>(file.Stages[0].Instructions[1]);
        Assert.True(cmd.Command.IsExec);
        Assert.Equal(["a", "b c"], cmd.Command.Words.ToArray());
        Assert.False(entry.Command.IsExec);
        Assert.Equal(["exec app"], entry.Command.Words.ToArray());
    }

    [Theory]
    [InlineData("30s", 30_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("1.5h", 5_400_000)]
    [InlineData("0", 0)]
    [InlineData("250ms", 250)]
    public void Go_durations(string text, int milliseconds)
    {
        Assert.True(GoDuration.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("5")]
    [InlineData("5x")]
    [InlineData("s")]
    [InlineData("1..2s")]
    public void Invalid_go_durations(string text) => Assert.False(GoDuration.TryParse(text, out _));
}
