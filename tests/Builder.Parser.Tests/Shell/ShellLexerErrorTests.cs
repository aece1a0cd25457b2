using Builder.Parser.Shell;
using Xunit;

namespace Builder.Parser.Tests.Shell;

/// <summary>Error messages and offsets, which the vectors do not check.</summary>
public sealed class ShellLexerErrorTests
{
    private static readonly ShellLexer Lexer = new();

    [Theory]
    [InlineData("abc\"def", "unexpected end of statement while looking for matching double-quote", 3)]
    [InlineData("ab'cd", "unexpected end of statement while looking for matching single-quote", 2)]
    [InlineData("x${FOO", "syntax error: missing '}'", 1)]
    [InlineData("x${", "syntax error: missing '}'", 1)]
    [InlineData("x${}", "syntax error: bad substitution", 1)]
    [InlineData("${:-a}", "syntax error: bad substitution", 0)]
    [InlineData("${FOO:?}", "FOO: is not allowed to be unset", 0)]
    [InlineData("${FOO?}", "FOO: is not allowed to be unset", 0)]
    [InlineData("ab${FOO=x}", "unsupported modifier (=) in substitution", 7)]
    [InlineData("${FOO:=x}", "unsupported modifier (:=) in substitution", 5)]
    [InlineData("${FOO:#x}", "unsupported modifier (:#) in substitution", 5)]
    [InlineData(@"${FOO#\x}", @"invalid pattern (\x) in substitution: invalid escape '\x'", 6)]
    [InlineData("${FOO/a}", "syntax error: missing '/' in ${}", 0)]
    [InlineData("${FOO/a/b", "syntax error: missing '}'", 0)]
    [InlineData("${X:-\"abc}", "syntax error: missing '}'", 0)]
    [InlineData("a ${X:-${Y}", "syntax error: missing '}'", 2)]
    public void Reports_message_and_offset(string input, string message, int offset)
    {
        var result = Lexer.ProcessWord(input, ShellEnvironment.Empty);
        Assert.False(result.Success);
        Assert.Equal(new ShellError(message, offset), result.Error);
        Assert.Equal(string.Empty, result.Value);
    }

    [Fact]
    public void Required_variable_messages_use_the_expanded_word()
    {
        var env = ShellEnvironment.FromPairs(["EMPTY=", "BAR=x"]);
        Assert.Equal("EMPTY: is not allowed to be empty", Lexer.ProcessWord("${EMPTY:?}", env).Error?.Message);
        Assert.Equal("FOO: need x", Lexer.ProcessWord("${FOO:?need $BAR}", env).Error?.Message);
        Assert.True(Lexer.ProcessWord("${EMPTY?}", env).Success);
    }

    [Fact]
    public void Default_words_are_expanded_even_when_unused()
    {
        var env = ShellEnvironment.FromPairs(["X=1"]);
        var result = Lexer.ProcessWord("${X:-${Y:?boom}}", env);
        Assert.Equal(new ShellError("Y: boom", 5), result.Error);
    }

    [Fact]
    public void ProcessWords_reports_errors_without_words()
    {
        var result = Lexer.ProcessWords("a b \"c", ShellEnvironment.Empty);
        Assert.False(result.Success);
        Assert.Empty(result.Words);
        Assert.Equal(4, result.Error!.Offset);
    }

    [Fact]
    public void Lookups_are_reported_even_for_unused_words()
    {
        var env = ShellEnvironment.FromPairs(["FOO=1"]);
        var result = Lexer.ProcessWord("${FOO:-$BAR}", env);
        Assert.Equal("1", result.Value);
        Assert.Equal(["FOO"], result.Matched.ToArray());
        Assert.Equal(["BAR"], result.Unmatched.ToArray());

        var words = Lexer.ProcessWords("$FOO $BAZ", env);
        Assert.Equal(["1"], words.Words.ToArray());
        Assert.Equal(["FOO"], words.Matched.ToArray());
        Assert.Equal(["BAZ"], words.Unmatched.ToArray());
    }
}
