using Builder.Parser.Syntax;
using Builder.Parser.Text;
using Xunit;

namespace Builder.Parser.Tests.Robustness.Regressions;

/// <summary>
/// Found by the fuzzer: an unterminated heredoc had a <c>TerminatorSpan</c> of [0..0), outside its
/// instruction.
/// </summary>
public sealed class HeredocSpanRegressionTests
{
    [Fact]
    public void Unterminated_heredoc_has_an_empty_terminator_span_at_the_end()
    {
        // Minimised: "\nONBUILD COPY <</" (the heredoc is named "/").
        const string text = "\nONBUILD COPY <</";
        var tree = DockerfileSyntaxTree.Parse(text);

        var heredoc = Assert.Single(tree.Instructions[0].Heredocs);
        Assert.Equal(new TextSpan(text.Length, 0), heredoc.TerminatorSpan);
        Assert.True(tree.Instructions[0].FullSpan.Contains(heredoc.TerminatorSpan));
    }

    [Fact]
    public void Unterminated_heredoc_after_a_body_ends_at_the_last_line()
    {
        const string text = "RUN <<A\nbody\n";
        var heredoc = Assert.Single(DockerfileSyntaxTree.Parse(text).Instructions[0].Heredocs);

        Assert.Equal(new TextSpan(text.Length, 0), heredoc.TerminatorSpan);
        Assert.Equal("body\n", heredoc.Content);
    }
}
