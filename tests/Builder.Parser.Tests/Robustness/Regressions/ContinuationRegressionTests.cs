using Builder.Parser.Syntax;
using Xunit;

namespace Builder.Parser.Tests.Robustness.Regressions;

/// <summary>
/// Found by a sweep of 250 KB lines of one repeated fragment (now fuzzer tokens): mapping a span
/// back through many continuation lines scanned every segment (quadratic).
/// </summary>
public sealed class ContinuationRegressionTests
{
    [Fact]
    public void Tokens_keep_their_spans_across_many_continuation_lines()
    {
        // Was quadratic: every span looked through all the line's segments (250 KB: 13 s).
        string text = "FROM a\nVOLUME" + TestText.Repeat(" \\\n a", 20_000) + "\n";

        var volume = DockerfileSyntaxTree.Parse(text).Instructions[1];

        Assert.Equal(20_000, volume.Arguments.Length);
        Assert.All(volume.Arguments, a => Assert.Equal("a", text.Substring(a.Span.Start, a.Span.Length)));
    }

    [Fact]
    public void Empty_continuation_segments_own_no_characters()
    {
        const string text = "ENV x=1 \\\n\\\n\\\ny=2\n";

        var env = DockerfileSyntaxTree.Parse(text).Instructions[0];

        Assert.Equal(["x", "y"], env.KeyValues.Select(kv => kv.Key.Value));
        Assert.Equal(text.IndexOf('y'), env.KeyValues[1].Key.Span.Start);
        Assert.Equal("2", text.Substring(env.KeyValues[1].Value.Span.Start, env.KeyValues[1].Value.Span.Length));
    }
}
