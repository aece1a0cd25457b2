using Builder.Parser.Diagnostics;
using Builder.Parser.Ignore;
using Builder.Parser.Text;
using Xunit;

namespace Builder.Parser.Tests.Ignore;

public sealed class IgnoreFileTests
{
    private static IgnoreFile Parse(string text) => IgnoreFile.Parse(SourceText.From(text, ".dockerignore"));

    [Theory]
    [InlineData("a\nb\n", new[] { "a", "b" })]
    [InlineData("a\r\nb\r\n", new[] { "a", "b" })]
    [InlineData("\uFEFFa\n\uFEFFb", new[] { "a", "\uFEFFb" })] // only the first line loses a BOM
    [InlineData("\uFEFF#comment\nx", new[] { "x" })]
    [InlineData(" #not a comment\n#comment", new[] { "#not a comment" })]
    [InlineData("/foo/bar/\n//x//y\n/\n//", new[] { "foo/bar", "x/y", "/", "/" })]
    [InlineData("!  /foo/ \n! a/../b", new[] { "!foo", "!b" })]
    [InlineData("./a/./b/..\n..\n\t \u00A0\n", new[] { "a", ".." })]
    [InlineData("!\n!   ", new[] { "!", "!" })]
    [InlineData("a\r\r\nb", new[] { "a", "b" })] // one \r goes with the line break, the other is trimmed
    public void Reads_like_ignorefile_ReadAll(string text, string[] expected) =>
        Assert.Equal(expected, Parse(text).ToPatternList());

    [Fact]
    public void Pattern_spans_cover_the_line_without_its_break()
    {
        var source = SourceText.From("\uFEFFfirst\r\n  second  \n", ".dockerignore");
        var file = IgnoreFile.Parse(source);
        Assert.Equal("first", source.ToString(file.Patterns[0].Span));
        Assert.Equal("  second  ", source.ToString(file.Patterns[1].Span));
        Assert.Equal(new LinePosition(2, 1), source.GetLinePosition(file.Patterns[1].Span.Start));
    }

    [Fact]
    public void Valid_file_has_no_diagnostics()
    {
        var file = Parse("# build outputs\n**/bin\n**/obj\n*.md\n!README.md\n.git\n");
        Assert.Empty(file.Diagnostics);
        Assert.True(file.CreateMatcher().Succeeded);
    }

    [Fact]
    public void Invalid_pattern_is_reported_on_its_trimmed_text()
    {
        var source = SourceText.From("ok\n   [abc  \n", ".dockerignore");
        var d = Assert.Single(IgnoreFile.Parse(source).Diagnostics);
        Assert.Equal("BLD1501", d.Id);
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
        Assert.Equal("[abc", source.ToString(d.Span));
        Assert.Equal(new LinePosition(2, 4), source.GetLinePosition(d.Span.Start));
        Assert.Contains("'[abc'", d.Message, StringComparison.Ordinal);
        Assert.Contains("not closed", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reversed_range_is_reported_as_failing_when_matched()
    {
        var source = SourceText.From("[Local-Only]/\n", ".dockerignore");
        var file = IgnoreFile.Parse(source);
        var d = Assert.Single(file.Diagnostics);
        Assert.Equal("BLD1502", d.Id);
        Assert.Equal(new TextSpan(0, 13), d.Span);
        Assert.Contains("l-O", d.Message, StringComparison.Ordinal);

        // Docker would build the matcher and then fail on the first path.
        var matcher = file.CreateMatcher();
        Assert.True(matcher.Succeeded);
        Assert.True(matcher.Matcher.MatchesOrParentMatches("any").IsError);
    }

    [Fact]
    public void Exclusion_that_cleans_to_nothing_is_reported()
    {
        // "!/" survives the reader as "!/", but the matcher cleans it to "!" and rejects it.
        var source = SourceText.From("a\n  !/\n", ".dockerignore");
        var file = IgnoreFile.Parse(source);
        Assert.Equal(new[] { "a", "!/" }, file.ToPatternList());
        var d = Assert.Single(file.Diagnostics);
        Assert.Equal("BLD1500", d.Id);
        Assert.Equal("!/", source.ToString(d.Span));
        Assert.False(file.CreateMatcher().Succeeded);
    }

    [Fact]
    public void Pattern_above_the_context_is_a_warning()
    {
        var file = Parse("../secrets\nsub/../../x\n..\nok/..");
        Assert.Equal(new[] { "../secrets", "../x", "..", "." }, file.ToPatternList());
        Assert.Equal(3, file.Diagnostics.Length);
        Assert.All(file.Diagnostics, d =>
        {
            Assert.Equal("BLD1504", d.Id);
            Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        });
    }

    [Fact]
    public void Lines_Docker_cannot_scan_are_reported()
    {
        string fits = new('a', 65535);
        string tooLong = new('b', 65536);
        var file = Parse(fits + "\n" + tooLong + "\n" + fits);
        var d = Assert.Single(file.Diagnostics);
        Assert.Equal("BLD1503", d.Id);
        Assert.Equal(TextSpan.FromBounds(65536, 65536 + 65536), d.Span);
        Assert.Contains("65536 bytes", d.Message, StringComparison.Ordinal);

        // The scanner sees the carriage return before it drops it, so it counts.
        Assert.Equal("BLD1503", Assert.Single(Parse(fits + "\r\nx").Diagnostics).Id);

        // Multi-byte characters count by their UTF-8 length.
        Assert.Single(Parse(new string('é', 32768)).Diagnostics);
        Assert.Empty(Parse(new string('é', 32767)).Diagnostics);
    }

    [Fact]
    public void Every_descriptor_is_in_the_ignore_range_and_explains_the_fix()
    {
        var descriptors = typeof(IgnoreDiagnostics).GetProperties()
            .Select(p => (DiagnosticDescriptor)p.GetValue(null)!)
            .ToList();
        Assert.Equal(5, descriptors.Count);
        Assert.Equal(descriptors.Count, descriptors.Select(d => d.Id).Distinct().Count());
        Assert.All(descriptors, d =>
        {
            Assert.Matches("^BLD15[0-9][0-9]$", d.Id);
            Assert.Matches(@"(write|Fix|Rewrite|Shorten)", d.MessageFormat);
            Assert.False(string.IsNullOrWhiteSpace(d.Help));
        });
    }
}
