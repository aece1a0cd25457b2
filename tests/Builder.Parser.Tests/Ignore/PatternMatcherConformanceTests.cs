using Builder.Parser.Ignore;
using Xunit;

namespace Builder.Parser.Tests.Ignore;

/// <summary>
/// Every row of cases.tsv under every API it lists. All rows apply: this matcher has Unix
/// semantics ('\' escapes), so the rows marked "unix" are included.
/// </summary>
public sealed class PatternMatcherConformanceTests
{
    public static TheoryData<string, string> RowsByApi()
    {
        var data = new TheoryData<string, string>();
        foreach (var row in ConformanceVectors.Cases)
        {
            foreach (var api in row.Apis)
            {
                data.Add(row.Id, api);
            }
        }

        return data;
    }

    [Fact]
    public void Vector_file_is_complete()
    {
        // FORMAT.md: 138 cases, 350 (case, API) checks. A short file must not pass silently.
        Assert.Equal(138, ConformanceVectors.Cases.Count);
        Assert.Equal(350, ConformanceVectors.Cases.Sum(c => c.Apis.Count));
        Assert.All(ConformanceVectors.Cases, c => Assert.Contains(c.Platform, new[] { "all", "unix" }));
    }

    [Theory]
    [MemberData(nameof(RowsByApi))]
    public void Case(string id, string api)
    {
        var row = ConformanceVectors.Case(id);
        var results = Run(row, api, out var buildError);
        string context = $"{row.Id} {api} patterns=[{string.Join(", ", row.Patterns)}] path='{row.Path}'";

        if (row.Expected == "error")
        {
            if (buildError is not null)
            {
                Assert.True(api == "Matches" || !row.Id.StartsWith("regression", StringComparison.Ordinal), context);
                AssertMessage(row, buildError);
                return;
            }

            Assert.All(results, r =>
            {
                Assert.False(r.IsMatch, context);
                Assert.True(r.IsError, context);
                AssertMessage(row, r.Error!);
            });
            if (api == "Matches")
            {
                // The package-level function reports build errors too; they must come from Create.
                Assert.False(PatternMatcher.Create(row.Patterns).Succeeded, context);
            }

            return;
        }

        Assert.Null(buildError);
        bool expected = row.Expected == "true";
        Assert.All(results, r =>
        {
            Assert.Null(r.Error);
            Assert.True(expected == r.IsMatch, $"{context}: expected {expected}, got {r.IsMatch}");
        });
    }

    private static void AssertMessage(IgnoreCase row, PatternError error)
    {
        string message = row.Patterns.Contains("!") ? "illegal exclusion pattern: \"!\"" : "syntax error in pattern";
        Assert.Equal(message, error.Message);
    }

    private static List<MatchResult> Run(IgnoreCase row, string api, out PatternError? buildError)
    {
        buildError = null;
        if (api == "Matches")
        {
            return new List<MatchResult> { PatternMatcher.Matches(row.Path, row.Patterns) };
        }

        var built = PatternMatcher.Create(row.Patterns);
        if (!built.Succeeded)
        {
            buildError = built.Error;
            return new List<MatchResult>();
        }

        var matcher = built.Matcher;
        switch (api)
        {
            case "MatchesOrParentMatches":
                // regression-001: the call is repeated and must fail the same way each time.
                return new List<MatchResult> { matcher.MatchesOrParentMatches(row.Path), matcher.MatchesOrParentMatches(row.Path) };

            case "MatchesUsingParentResult":
                bool parentMatched = false;
                foreach (var parent in Parents(row.Path))
                {
                    parentMatched = matcher.MatchesUsingParentResult(parent, parentMatched).IsMatch;
                }

                return new List<MatchResult> { matcher.MatchesUsingParentResult(row.Path, parentMatched) };

            case "MatchesUsingParentResults":
                var info = MatchInfo.Empty;
                foreach (var parent in Parents(row.Path))
                {
                    matcher.MatchesUsingParentResults(parent, info, out info);
                }

                return new List<MatchResult> { matcher.MatchesUsingParentResults(row.Path, info, out _) };

            case "MatchesUsingParentResultsNoContext":
                return new List<MatchResult> { matcher.MatchesUsingParentResults(row.Path, MatchInfo.Empty, out _) };

            default:
                throw new InvalidOperationException($"Unknown API '{api}' in {row.Id}.");
        }
    }

    /// <summary>
    /// The walk upstream's test does: the elements of filepath.Dir(path), joined one more at a time
    /// ("a", "a/b", ...), or nothing when the directory is ".".
    /// </summary>
    internal static IEnumerable<string> Parents(string path)
    {
        int slash = path.LastIndexOf('/');
        string dir = slash < 0 ? "." : slash == 0 ? "/" : GoPath.Clean(path.Substring(0, slash + 1));
        if (dir == ".")
        {
            yield break;
        }

        var parts = dir.Split('/');
        for (int i = 1; i <= parts.Length; i++)
        {
            yield return string.Join("/", parts.Take(i));
        }
    }
}
