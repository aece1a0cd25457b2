using Builder.Parser.Instructions;
using Builder.Parser.Shell;
using Xunit;

namespace Builder.Parser.Tests.Robustness.Regressions;

/// <summary>
/// Found by the fuzzer: a word with <c>${a:-</c> nested thousands deep overflowed the stack (and
/// killed the process); now it is a lexer error.
/// </summary>
public sealed class ShellRegressionTests
{
    [Fact]
    public void Deeply_nested_substitution_is_an_error_not_a_stack_overflow()
    {
        string word = TestText.Repeat("${a:-", 100_000);

        var result = new ShellLexer().ProcessWord(word, ShellEnvironment.Empty);

        Assert.Equal("syntax error: substitutions nested more than 256 deep", result.Error?.Message);
        Assert.Equal(ShellWordProcessor.MaxNesting * 5, result.Error!.Offset);
        Assert.False(new ShellLexer().ProcessWords(word, ShellEnvironment.Empty).Success);
    }

    [Fact]
    public void Substitutions_nest_up_to_the_limit()
    {
        int depth = ShellWordProcessor.MaxNesting;
        string word = TestText.Repeat("${a:-", depth) + "x" + TestText.Repeat("}", depth);

        var result = new ShellLexer().ProcessWord(word, ShellEnvironment.Empty);

        Assert.True(result.Success, result.Error?.Message);
        Assert.Equal("x", result.Value);
    }

    [Fact]
    public void Heredoc_scan_of_a_deeply_nested_line_does_not_overflow()
    {
        // The heredoc scanner runs the shell lexer over the whole RUN line.
        var file = Dockerfile.Parse("FROM a\nRUN <<EOF " + TestText.Repeat("${a:-", 100_000) + "\nx\nEOF\n");

        var run = Assert.IsType<RunInstruction>(file.Stages[0].Instructions[0]);
        Assert.Empty(run.Heredocs);
    }
}
