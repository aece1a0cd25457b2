using Builder.Parser.Printing;
using Xunit;

namespace Builder.Parser.Tests.Robustness.Regressions;

/// <summary>
/// Found by the fuzzer: the formatter printed a whole 96 KB line for each of 16,000 diagnostics on
/// it.
/// </summary>
public sealed class DiagnosticFormatterRegressionTests
{
    [Fact]
    public void Long_source_line_is_shown_as_a_window_around_the_span()
    {
        // Minimised: one 96 KB COPY line with 16,000 unknown flags printed the whole line per diagnostic.
        string line = "COPY " + TestText.Repeat("--f=x ", 20_000) + "--bad=1 a b";
        var file = Dockerfile.Parse("FROM a\n" + line + "\n");
        var bad = Assert.Single(file.Diagnostics, d => file.Text.ToString(d.Span) == "--bad=1");

        var lines = DiagnosticFormatter.Format(bad, file.Text).Split('\n');

        Assert.StartsWith("  ...", lines[1], StringComparison.Ordinal);
        Assert.EndsWith("a b", lines[1], StringComparison.Ordinal);
        Assert.True(lines[1].Length <= 2 + 3 + DiagnosticFormatter.MaxLineWidth, $"{lines[1].Length} chars shown");
        int caret = lines[2].IndexOf('^');
        Assert.Equal("--bad=1", lines[1].Substring(caret, 7));
        Assert.Equal("^~~~~~~", lines[2].Substring(caret));
    }

    [Fact]
    public void Short_source_line_is_shown_whole()
    {
        var file = Dockerfile.Parse("FROM a\nCOPY --chwon=1 a b\n");
        var d = Assert.Single(file.Diagnostics);

        var lines = DiagnosticFormatter.Format(d, file.Text).Split('\n');

        Assert.Equal("  COPY --chwon=1 a b", lines[1]);
        Assert.Equal("       ^~~~~~~~~", lines[2]);
    }
}
