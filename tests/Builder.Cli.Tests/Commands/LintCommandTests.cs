using System.Text.Json;
using Builder.TestKit;
using Xunit;

namespace Builder.Cli.Tests.Commands;

/// <summary>
/// <c>builder lint</c> on the cases in <c>fixtures/lint/</c>: each format's output (exit code,
/// stdout, stderr) is pinned by a golden file next to the case's Dockerfile. An <c>args</c> file
/// holds extra arguments, one a line.
/// </summary>
public sealed class LintCommandTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var dir in Directory.GetDirectories(Path.Combine(RepoPaths.Fixtures, "lint")).OrderBy(d => d, StringComparer.Ordinal))
        {
            if (File.Exists(Path.Combine(dir, "Dockerfile")))
            {
                foreach (var format in new[] { "text", "json", "sarif" })
                {
                    data.Add(Path.GetFileName(dir), format);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Output_matches_golden(string name, string format)
    {
        var result = Lint(name, "--format", format);
        Golden.Verify(Path.Combine(RepoPaths.Fixtures, "lint", name, $"{format}.golden.txt"), result.ToGolden());
    }

    [Fact]
    public void Error_on_warning_fails_on_warnings_only_when_asked()
    {
        Assert.Equal(0, Lint("mixed").ExitCode);
        Assert.Equal(1, Lint("mixed", "--error-on", "warning").ExitCode);
        Assert.Equal(0, Lint("clean", "--error-on", "warning").ExitCode);
        Assert.Equal(1, Lint("check-error").ExitCode);
    }

    [Fact]
    public void Json_findings_carry_the_buildkit_name_and_position()
    {
        using var doc = JsonDocument.Parse(Lint("mixed", "--format", "json").Stdout);
        var maintainer = doc.RootElement.EnumerateArray().Single(e => e.GetProperty("rule").GetString() == "MaintainerDeprecated");
        Assert.Equal("BLD2008", maintainer.GetProperty("id").GetString());
        Assert.Equal("warning", maintainer.GetProperty("severity").GetString());
        Assert.Equal(3, maintainer.GetProperty("line").GetInt32());
        Assert.Equal(1, maintainer.GetProperty("column").GetInt32());
    }

    [Fact]
    public void Sarif_is_2_1_0_with_rules_help_uris_and_regions()
    {
        using var doc = JsonDocument.Parse(Lint("mixed", "--format", "sarif").Stdout);
        Assert.Equal("2.1.0", doc.RootElement.GetProperty("version").GetString());
        var run = doc.RootElement.GetProperty("runs")[0];
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().ToList();
        Assert.Contains(rules, r => r.GetProperty("id").GetString() == "BLD2106" && r.GetProperty("helpUri").GetString() == "docs/rules/BLD2106.md");
        foreach (var result in run.GetProperty("results").EnumerateArray())
        {
            var rule = rules[result.GetProperty("ruleIndex").GetInt32()];
            Assert.Equal(result.GetProperty("ruleId").GetString(), rule.GetProperty("id").GetString());
            var region = result.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region");
            Assert.True(region.GetProperty("startColumn").GetInt32() >= 1);
        }
    }

    [Fact]
    public void Several_files_are_linted_in_one_run()
    {
        var mixed = Path.Combine(RepoPaths.Fixtures, "lint", "mixed", "Dockerfile");
        var check = Path.Combine(RepoPaths.Fixtures, "lint", "check-error", "Dockerfile");
        var result = CliHarness.Run("lint", "-f", mixed, "-f", check, "--format", "json");
        using var doc = JsonDocument.Parse(result.Stdout);
        var files = doc.RootElement.EnumerateArray().Select(e => e.GetProperty("file").GetString()).Distinct().ToList();
        Assert.Equal(["$REPO/fixtures/lint/mixed/Dockerfile", "$REPO/fixtures/lint/check-error/Dockerfile"], files);
        Assert.Equal(1, result.ExitCode);
    }

    [Fact]
    public void Missing_file_is_an_error_naming_it()
    {
        var result = CliHarness.Run("lint", "-f", "/nonexistent/Dockerfile");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("/nonexistent/Dockerfile: file not found", result.Stderr);
    }

    private static CliResult Lint(string name, params string[] extra)
    {
        var dir = Path.Combine(RepoPaths.Fixtures, "lint", name);
        var argsFile = Path.Combine(dir, "args");
        var args = new List<string> { "lint", "-f", Path.Combine(dir, "Dockerfile") };
        if (File.Exists(argsFile))
        {
            args.AddRange(File.ReadAllLines(argsFile).Where(l => l.Length > 0));
        }

        args.AddRange(extra);
        return CliHarness.Run(args.ToArray());
    }
}
