using Builder.Parser.Syntax;
using Xunit;

namespace Builder.Parser.Tests.Robustness.Regressions;

/// <summary>
/// Found by a sweep of 250 KB lines of one repeated fragment (now fuzzer tokens): a word the
/// heredoc scan's lexer rewrote was searched for to the end of the line, once per word (quadratic).
/// </summary>
public sealed class HeredocWordRegressionTests
{
    [Theory]
    [InlineData("RUN cat <<EOF\nx\nEOF\n")]
    [InlineData("RUN echo ${a//b/c} <<EOF\nx\nEOF\n")]
    [InlineData("RUN echo \"<<EOF\" ${a//b/c} <<EOF\nx\nEOF\n")]
    [InlineData("RUN echo ${a//b/c}${a//d/e} x <<EOF\nx\nEOF\n")]
    public void Heredoc_word_span_is_found_after_rewritten_words(string text)
    {
        var heredoc = Assert.Single(DockerfileSyntaxTree.Parse(text).Instructions[0].Heredocs);

        Assert.Equal(text.LastIndexOf("<<EOF", StringComparison.Ordinal), heredoc.Word.Span.Start);
        Assert.Equal(5, heredoc.Word.Span.Length);
    }

    [Fact]
    public void Heredoc_word_span_after_many_rewritten_words()
    {
        // Was quadratic: a word the lexer rewrote was searched for to the end of the line, once per word.
        string text = "RUN" + TestText.Repeat(" ${a//b/c}", 20_000) + " <<EOF\nx\nEOF\n";

        var heredoc = Assert.Single(DockerfileSyntaxTree.Parse(text).Instructions[0].Heredocs);

        Assert.Equal(text.IndexOf("<<EOF", StringComparison.Ordinal), heredoc.Word.Span.Start);
    }
}
