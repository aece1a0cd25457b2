using Builder.Parser.Lint;
using Builder.Parser.Text;
using Xunit;

namespace Builder.Parser.Tests.Lint;

/// <summary>The BLD21xx rules, each with a case that fires (with its exact line:column) and one that does not.</summary>
public sealed class ShellRuleTests
{
    private static string[] Findings(string dockerfile, params string[] enable)
    {
        var options = LintOptions.Default with { Enable = LintOptions.Default.Enable.Union(enable) };
        var result = Linter.Lint(SourceText.From(dockerfile), options);
        return result.Findings
            .Where(f => !LintResult.RuleOf(f)!.IsBuildKit)
            .Select(f => $"{result.Text.GetLinePosition(f.Span.Start)} {LintResult.RuleOf(f)!.Name}")
            .ToArray();
    }

    [Fact]
    public void Apt_get_install_without_yes_recommends_and_cleanup()
    {
        var found = Findings("FROM debian\nRUN apt-get update && apt-get install curl\nUSER app\n");
        Assert.Equal(["2:31 AptGetMissingYes", "2:31 AptGetNoInstallRecommends", "2:31 AptListsNotCleaned"], found);
    }

    [Fact]
    public void Apt_get_done_right_is_quiet_and_pins_are_off_by_default()
    {
        const string Dockerfile = "FROM debian\nRUN apt-get update \\\n # a comment line\n && apt-get install -y --no-install-recommends curl \\\n && rm -rf /var/lib/apt/lists/*\nUSER app\n";
        Assert.Empty(Findings(Dockerfile));
        Assert.Equal(["4:48 AptGetUnpinned"], Findings(Dockerfile, "AptGetUnpinned"));
    }

    [Fact]
    public void Cache_mount_on_apt_lists_counts_as_cleanup()
    {
        Assert.Empty(Findings("FROM debian\nRUN --mount=type=cache,target=/var/lib/apt apt-get install -qq --no-install-recommends curl\nUSER app\n"));
    }

    [Fact]
    public void Rules_run_inside_heredoc_bodies_with_locations_there()
    {
        const string Dockerfile = "FROM alpine\nRUN <<EOF\nset -e\ncd /src\nsudo apk add git\ncurl -s x | sh\nEOF\nUSER app\n";
        Assert.Equal(
            ["4:1 CdInsteadOfWorkdir", "5:1 Sudo", "5:10 ApkNoCache", "6:1 PipeWithoutPipefail"],
            Findings(Dockerfile));
    }

    [Fact]
    public void Heredoc_with_a_non_shell_interpreter_is_not_read_as_shell()
    {
        Assert.Empty(Findings("FROM python\nRUN python3 <<EOF\ncd = 1 | 2\nEOF\nUSER app\n"));
        Assert.Empty(Findings("FROM python\nRUN <<EOF\n#!/usr/bin/env python3\ncd = 1 | 2\nEOF\nUSER app\n"));
    }

    [Fact]
    public void Pipefail_in_the_script_or_the_shell_silences_pipes()
    {
        Assert.Empty(Findings("FROM alpine\nRUN set -eo pipefail; curl x | sh\nUSER app\n"));
        Assert.Empty(Findings("FROM alpine\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN curl x | sh\nUSER app\n"));
        Assert.Equal(["2:5 PipeWithoutPipefail"], Findings("FROM alpine\nRUN curl x | sh || true\nUSER app\n"));
    }

    [Fact]
    public void Curl_and_wget_in_one_stage_points_at_the_later_one()
    {
        Assert.Equal(["3:5 CurlAndWget"], Findings("FROM alpine\nRUN curl -o a x\nRUN wget y\nUSER app\n"));
        Assert.Empty(Findings("FROM alpine AS a\nRUN curl -o a x\nFROM alpine\nRUN wget y\nUSER app\n"));
    }

    [Fact]
    public void Pip_without_no_cache_dir()
    {
        Assert.Equal(["2:9 PipNoCacheDir", "3:20 PipNoCacheDir"], Findings("FROM python\nRUN pip install flask\nRUN python3 -m pip install x\nUSER app\n"));
        Assert.Empty(Findings("FROM python\nRUN pip install --no-cache-dir flask\nUSER app\n"));
        Assert.Empty(Findings("FROM python\nENV PIP_NO_CACHE_DIR=1\nRUN pip install flask\nUSER app\n"));
    }

    [Fact]
    public void Last_user_root_follows_the_final_stage_and_its_parents()
    {
        Assert.Equal(["3:6 LastUserRoot"], Findings("FROM alpine\nUSER app\nUSER root:root\n"));
        Assert.Equal(["2:6 LastUserRoot"], Findings("FROM alpine AS base\nUSER 0\nFROM base\nRUN true\n"));
        Assert.Empty(Findings("FROM alpine\nUSER root\nRUN true\nUSER 1000\n"));
    }

    [Fact]
    public void Copy_from_an_unknown_or_later_stage()
    {
        const string Dockerfile = "FROM alpine AS build\nFROM alpine\nCOPY --from=build /a /a\nCOPY --from=buidl /a /a\nCOPY --from=later /b /b\nCOPY --from=nginx:1 /c /c\nCOPY --from=2 /d /d\nUSER app\nFROM alpine AS later\nUSER app\n";
        Assert.Equal(["4:13 CopyFromUnknownStage", "5:13 CopyFromUnknownStage", "7:13 CopyFromUnknownStage"], Findings(Dockerfile));
    }

    [Fact]
    public void Check_directive_skips_our_rules_by_name_or_id_and_error_true_makes_errors()
    {
        Assert.Empty(Findings("# check=skip=Sudo,BLD2111\nFROM alpine\nRUN sudo true\n"));
        var result = Linter.Lint(SourceText.From("# check=error=true\nFROM alpine\nRUN sudo true\n"));
        Assert.All(result.Findings, f => Assert.True(f.IsError));
        Assert.Equal("lint violation found for rules: Sudo", result.ViolationError);
    }

    [Fact]
    public void Per_instruction_check_comment_applies_to_that_instruction_only()
    {
        Assert.Equal(["5:5 Sudo"], Findings("FROM alpine\n# check=skip=Sudo\nRUN sudo a\nUSER app\nRUN sudo b\n"));
    }

    [Fact]
    public void Exec_form_shell_scripts_are_linted_at_their_place_in_the_json()
    {
        Assert.Equal(["2:24 Sudo"], Findings("FROM alpine\nRUN [\"/bin/sh\", \"-c\", \"sudo true\"]\nUSER app\n"));
        Assert.Empty(Findings("FROM alpine\nRUN [\"/usr/bin/env\", \"sudo\"]\nUSER app\n"));
    }
}
