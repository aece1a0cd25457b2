using System.Text.Json;
using Builder.Parser.Ignore;
using Builder.TestKit;
using Xunit;

namespace Builder.Parser.Tests.Ignore;

/// <summary>
/// fixtures/dockerignore/differential.tsv: generated rows whose results came from running
/// upstream (see the README next to it). Every row is checked under all five APIs plus New().
/// </summary>
public sealed class DifferentialTests
{
    private const string Header =
        "patterns\tpath\tnew\tMatches\tMatchesOrParentMatches\tMatchesUsingParentResult\tMatchesUsingParentResults\tMatchesUsingParentResultsNoContext";

    private static readonly Lazy<string[]> Lines = new(() =>
    {
        var lines = File.ReadAllText(Path.Combine(RepoPaths.Fixtures, "dockerignore", "differential.tsv")).Split('\n');
        Assert.Equal(Header, lines[0]);
        return lines.Skip(1).Where(l => l.Length > 0).ToArray();
    });

    public static TheoryData<int> Rows()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < Lines.Value.Length; i++)
        {
            data.Add(i + 2); // line number in the file
        }

        return data;
    }

    [Fact]
    public void Fixture_is_complete() => Assert.Equal(1897, Lines.Value.Length);

    [Theory]
    [MemberData(nameof(Rows))]
    public void Row(int line)
    {
        var fields = Lines.Value[line - 2].Split('\t');
        var patterns = JsonSerializer.Deserialize<string[]>(fields[0])!;
        string path = JsonSerializer.Deserialize<string>(fields[1])!;

        var built = PatternMatcher.Create(patterns);
        var actual = new List<string> { built.Succeeded ? "ok" : "error", Show(PatternMatcher.Matches(path, patterns)) };
        if (built.Succeeded)
        {
            var m = built.Matcher;
            actual.Add(Show(m.MatchesOrParentMatches(path)));

            bool parentMatched = false;
            foreach (var parent in PatternMatcherConformanceTests.Parents(path))
            {
                parentMatched = m.MatchesUsingParentResult(parent, parentMatched).IsMatch;
            }

            actual.Add(Show(m.MatchesUsingParentResult(path, parentMatched)));

            var info = MatchInfo.Empty;
            foreach (var parent in PatternMatcherConformanceTests.Parents(path))
            {
                m.MatchesUsingParentResults(parent, info, out info);
            }

            actual.Add(Show(m.MatchesUsingParentResults(path, info, out _)));
            actual.Add(Show(m.MatchesUsingParentResults(path, MatchInfo.Empty, out _)));
        }
        else
        {
            actual.AddRange(Enumerable.Repeat("error", 4));
        }

        Assert.True(
            fields.Skip(2).SequenceEqual(actual),
            $"line {line}: patterns={fields[0]} path={fields[1]}\n expected {string.Join(" ", fields.Skip(2))}\n actual   {string.Join(" ", actual)}");
    }

    private static string Show(MatchResult r) => r.IsError ? "error" : r.IsMatch ? "true" : "false";
}
