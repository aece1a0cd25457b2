using System.Collections.Immutable;
using Builder.Parser.Lint;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Builder.Analyzers.Tests;

public sealed class DockerfileAnalyzerTests
{
    private const string Dockerfile = "FROM alpine:3.20 as Build\nMAINTAINER me\nRUN <<EOF\ncd /x\nsudo true\nEOF\n";

    [Fact]
    public void Reports_findings_at_exact_locations_including_heredoc_bodies()
    {
        var found = AnalyzerHarness.Run(("/src/app/Dockerfile", Dockerfile)).Select(AnalyzerHarness.Show);
        Assert.Equal(
            [
                "Dockerfile(1,18): warning BLD2002",
                "Dockerfile(1,21): warning BLD2001",
                "Dockerfile(2,1): warning BLD2008",
                "Dockerfile(4,1): info BLD2105",
                "Dockerfile(5,1): warning BLD2106",
            ],
            found);
    }

    [Fact]
    public void Message_is_the_rule_tables_message()
    {
        var d = AnalyzerHarness.Run(("/src/Dockerfile", Dockerfile)).Single(x => x.Id == "BLD2001");
        Assert.Equal("Stage name 'Build' should be lowercase", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Only_dockerfiles_are_linted()
    {
        Assert.True(DockerfileAnalyzer.IsDockerfile("/a/Dockerfile.release"));
        Assert.True(DockerfileAnalyzer.IsDockerfile("/a/web.dockerfile"));
        Assert.False(DockerfileAnalyzer.IsDockerfile("/a/Dockerfile.dockerignore"));
        Assert.Empty(AnalyzerHarness.Run(("/src/notes.txt", Dockerfile)));
    }

    [Fact]
    public void Rules_off_by_default_need_a_configured_severity()
    {
        const string Apt = "FROM debian\nRUN apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\nUSER app\n";
        Assert.Empty(AnalyzerHarness.Run(("/src/Dockerfile", Apt)));
        var on = ImmutableDictionary<string, ReportDiagnostic>.Empty.Add("BLD2103", ReportDiagnostic.Warn).Add("BLD2001", ReportDiagnostic.Suppress);
        Assert.Equal(["Dockerfile(2,48): warning BLD2103"], AnalyzerHarness.Run(on, ("/src/Dockerfile", Apt)).Select(AnalyzerHarness.Show));
    }

    [Fact]
    public void Dockerignore_comes_from_additional_files()
    {
        var found = AnalyzerHarness.Run(
            ("/src/Dockerfile", "FROM alpine\nCOPY secret.txt /\nUSER app\n"),
            ("/src/.dockerignore", "secret.txt\n"));
        Assert.Equal(["Dockerfile(2,6): warning BLD2019"], found.Select(AnalyzerHarness.Show));
    }

    [Fact]
    public void Check_directive_error_true_reports_errors_and_parse_errors_are_reported()
    {
        var found = AnalyzerHarness.Run(("/src/Dockerfile", "# check=error=true\nFROM alpine\nMAINTAINER me\nBADCMD x\n")).Select(AnalyzerHarness.Show);
        Assert.Equal(["Dockerfile(3,1): error BLD2008", "Dockerfile(4,1): error BLD1101"], found);
    }

    [Fact]
    public void Every_rule_has_a_descriptor_with_its_default_severity()
    {
        var supported = new DockerfileAnalyzer().SupportedDiagnostics.ToDictionary(d => d.Id);
        foreach (var rule in LintRules.All)
        {
            var d = supported[rule.Id];
            Assert.Equal(rule.EnabledByDefault && !rule.Experimental, d.IsEnabledByDefault);
            Assert.Equal(rule.DefaultSeverity.ToString(), d.DefaultSeverity.ToString());
            Assert.Equal("Dockerfile", d.Category);
        }
    }
}
