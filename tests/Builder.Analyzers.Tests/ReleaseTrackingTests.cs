using Builder.TestKit;
using Xunit;

namespace Builder.Analyzers.Tests;

/// <summary>
/// AnalyzerReleases.Unshipped.md lists every descriptor the analyzer supports (Roslyn's release
/// tracking cannot see descriptors built from the rule table); BUILDER_ACCEPT=1 rewrites it.
/// </summary>
public sealed class ReleaseTrackingTests
{
    [Fact]
    public void Unshipped_release_lists_every_supported_diagnostic()
    {
        var lines = new List<string>
        {
            "; Unshipped analyzer release",
            "; https://github.com/dotnet/roslyn-analyzers/blob/main/src/Microsoft.CodeAnalysis.Analyzers/ReleaseTrackingAnalyzers.Help.md",
            string.Empty,
            "### New Rules",
            string.Empty,
            "Rule ID | Category | Severity | Notes",
            "--------|----------|----------|-------",
        };
        foreach (var d in new DockerfileAnalyzer().SupportedDiagnostics)
        {
            string severity = d.IsEnabledByDefault ? d.DefaultSeverity.ToString() : "Disabled";
            string page = d.Id.StartsWith("BLD2", StringComparison.Ordinal) ? "rules" : "diagnostics";
            lines.Add($"{d.Id} | {d.Category} | {severity} | {d.Title}, [Documentation](../docs/{page}/{d.Id}.md)");
        }

        Golden.Verify(Path.Combine(RepoPaths.Root, "Analyzers", "AnalyzerReleases.Unshipped.md"), string.Join("\n", lines) + "\n");
    }
}
