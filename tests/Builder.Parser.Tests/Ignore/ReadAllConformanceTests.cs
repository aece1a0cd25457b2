using System.Text.Json;
using Builder.Parser.Ignore;
using Builder.Parser.Text;
using Xunit;

namespace Builder.Parser.Tests.Ignore;

/// <summary>readall/: the exact bytes of upstream's TestReadAll and the exact pattern list.</summary>
public sealed class ReadAllConformanceTests
{
    private static IgnoreFile ParseVector(out string[] expected)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(ConformanceVectors.PathOf("readall", "expected.json")));
        string input = json.RootElement.GetProperty("input").GetString()!;
        expected = json.RootElement.GetProperty("expected_patterns").EnumerateArray().Select(e => e.GetString()!).ToArray();
        byte[] bytes = File.ReadAllBytes(ConformanceVectors.PathOf("readall", input));
        return IgnoreFile.Parse(SourceText.From(bytes, input));
    }

    [Fact]
    public void Patterns_are_exactly_the_expected_list()
    {
        var file = ParseVector(out var expected);
        Assert.Equal(expected, file.ToPatternList());
    }

    [Fact]
    public void Exclusion_flags_and_line_spans_follow_the_input()
    {
        var file = ParseVector(out _);
        var lines = file.Patterns.Select(p => (p.Pattern, p.Exclusion)).ToArray();
        Assert.Equal(
            new[] { ("test1", false), ("test2", false), ("a/file/here", false), ("lastfile", false), ("inverted/abs/path", true), (string.Empty, true), (string.Empty, true) },
            lines);

        var text = SourceText.Load(ConformanceVectors.PathOf("readall", "input.dockerignore"));
        Assert.Equal(new[] { 1, 2, 3, 5, 7, 8, 9 }, file.Patterns.Select(p => text.GetLinePosition(p.Span.Start).Line));
        Assert.Equal("! /inverted/abs/path", text.ToString(file.Patterns[4].Span));
        Assert.Equal("! ", text.ToString(file.Patterns[6].Span)); // the last line keeps its trailing space
    }

    [Fact]
    public void Lone_exclamation_lines_are_reported_and_the_matcher_rejects_them()
    {
        var file = ParseVector(out _);
        Assert.Equal(new[] { "BLD1500", "BLD1500" }, file.Diagnostics.Select(d => d.Id));
        Assert.All(file.Diagnostics, d => Assert.Equal(new TextSpan(d.Span.Start, 1), d.Span));

        var matcher = file.CreateMatcher();
        Assert.False(matcher.Succeeded);
        Assert.Equal("illegal exclusion pattern: \"!\"", matcher.Error!.Message);
        Assert.Equal(5, matcher.Error.PatternIndex);
    }

    [Fact]
    public void No_file_reads_as_no_patterns()
    {
        var file = IgnoreFile.Parse(null);
        Assert.Empty(file.Patterns);
        Assert.Empty(file.Diagnostics);
        Assert.Empty(IgnoreFile.Parse(SourceText.From(string.Empty, ".dockerignore")).Patterns);
    }
}
