using System.Collections.Immutable;
using Builder.Parser.Ignore;
using Builder.Parser.Lint;
using Builder.Parser.Text;
using Xunit;
using Xunit.Abstractions;

namespace Builder.Parser.Tests.Lint;

/// <summary>
/// BuildKit's build-check test vectors: every row is a test case, compared on rule, line and
/// message (the check request's view: every stage is linted).
/// </summary>
public sealed class BuildKitCheckConformanceTests(ITestOutputHelper output)
{
    /// <summary>
    /// Rows where we knowingly differ, with why. BuildKit places the warnings of an unreachable
    /// stage's ENV/LABEL two lines above the instruction in this one row; we point at the instruction.
    /// </summary>
    private static readonly ImmutableDictionary<string, string> KnownDeviations = new Dictionary<string, string>
    {
        ["testLegacyKeyValueFormat#3"] = "LegacyKeyValueFormat@5,LegacyKeyValueFormat@6",
    }.ToImmutableDictionary();

    public static TheoryData<string> Cases() => new(CheckCase.All.Select(c => c.Id));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case_matches_buildkit(string id)
    {
        var c = CheckCase.Get(id);
        var result = Lint(c);
        var actual = BuildKitFindings(result);

        if (KnownDeviations.TryGetValue(id, out var deviation))
        {
            Assert.Equal(deviation, string.Join(",", actual.Select(w => $"{w.Rule}@{w.Line}")));
            return;
        }

        Assert.Equal(c.Warnings.Select(w => w.ToString()), actual.Select(w => w.ToString()));
        AssertError(c, result);
    }

    [Fact]
    public void Every_row_is_a_case_and_the_pass_count_is_reported()
    {
        int passed = 0;
        foreach (var c in CheckCase.All)
        {
            var actual = BuildKitFindings(Lint(c));
            if (actual.SequenceEqual(c.Warnings))
            {
                passed++;
            }
            else
            {
                output.WriteLine($"differs: {c.Id}");
            }
        }

        output.WriteLine($"BuildKit check vectors: {passed}/{CheckCase.All.Length} match (rule, line, message); {KnownDeviations.Count} known deviation(s).");
        Assert.Equal(87, CheckCase.All.Length);
        Assert.Equal(CheckCase.All.Length - KnownDeviations.Count, passed);
    }

    [Fact]
    public void Every_buildkit_rule_is_in_the_table_with_its_message()
    {
        var rows = File.ReadAllLines(Builder.TestKit.RepoPaths.ConformancePath("lint", "buildkit-checks.tsv")).Skip(1).Select(l => l.Split('\t')).ToList();
        Assert.Equal(22, rows.Count);
        foreach (var row in rows)
        {
            var rule = LintRules.Find(row[0]);
            Assert.NotNull(rule);
            Assert.True(rule!.IsBuildKit);
            Assert.Equal(row[3] == "true", rule.Experimental);
            Assert.Equal(row[2].Length == 0 ? null : row[2], rule.Url);
        }
    }

    internal static LintResult Lint(CheckCase c)
    {
        var options = LintOptions.Default with
        {
            BuildArgs = c.BuildArgs,
            DockerIgnore = c.DockerIgnore.Length > 0 ? IgnoreFile.Parse(SourceText.From(c.DockerIgnore, ".dockerignore")) : null,
        };
        return Linter.Lint(SourceText.From(c.Dockerfile), options);
    }

    private static ImmutableArray<ExpectedWarning> BuildKitFindings(LintResult result) =>
        result.Findings
            .Select(f => (Rule: LintResult.RuleOf(f)!, Finding: f))
            .Where(x => x.Rule.IsBuildKit)
            .Select(x => new ExpectedWarning(x.Rule.Name, LineOf(result, x.Finding), x.Finding.Message))
            .OrderBy(w => w.Line).ThenBy(w => w.Detail, StringComparer.Ordinal)
            .ToImmutableArray();

    private static int LineOf(LintResult result, Builder.Parser.Diagnostics.Diagnostic finding) =>
        result.Text.GetLinePosition(finding.Span.Start).Line;

    private static void AssertError(CheckCase c, LintResult result)
    {
        if (c.CheckError.StartsWith("lint violation found for rules:", StringComparison.Ordinal) || c.CheckError.Length == 0)
        {
            Assert.Equal(c.CheckError.Length == 0 ? null : c.CheckError, result.ViolationError);
            if (c.CheckError.Length == 0)
            {
                // Builder's parser rejects a duplicate stage name (BLD1113) where BuildKit only warns.
                Assert.DoesNotContain(result.ParseDiagnostics, d => d.IsError && d.Id != "BLD1113");
            }
        }
        else if (c.CheckError.StartsWith("dockerfile parse error on line ", StringComparison.Ordinal))
        {
            int line = int.Parse(c.CheckError.Split(' ')[5].TrimEnd(':'), System.Globalization.CultureInfo.InvariantCulture);
            Assert.Contains(result.ParseDiagnostics, d => d.IsError && result.Text.GetLinePosition(d.Span.Start).Line == line);
        }

        // The other check errors (invalid --platform after expansion) come from a build's
        // platform parsing, not from a check; the warnings before them are what is compared.
    }
}
