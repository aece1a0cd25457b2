using Builder.Parser.Shell;
using Xunit;

namespace Builder.Parser.Tests.Shell;

/// <summary>Escape token and the option flags BuildKit's Dockerfile parser uses.</summary>
public sealed class ShellLexerOptionTests
{
    private static readonly ShellEnvironment NoEnv = ShellEnvironment.Empty;

    /// <summary>The lexer BuildKit's heredocsFromLine uses to find <c>&lt;&lt;EOF</c> words.</summary>
    private static readonly ShellLexer HeredocLexer = new('\\') { RawQuotes = true, RawEscapes = true, SkipUnsetEnv = true };

    [Fact]
    public void Backtick_escape_token_escapes_dollar_and_space()
    {
        var lexer = new ShellLexer('`');
        var env = ShellEnvironment.FromPairs(["b=X"]);
        Assert.Equal("a$b", lexer.ProcessWord("a`$b", env).Value);
        Assert.Equal("aX", lexer.ProcessWord("a$b", env).Value);
        Assert.Equal(["a b", "c"], lexer.ProcessWords("a` b c", env).Words.ToArray());
        Assert.Equal("a", lexer.ProcessWord("a`", env).Value);
    }

    [Fact]
    public void Backtick_escape_token_makes_backslash_ordinary()
    {
        var lexer = new ShellLexer('`');
        Assert.Equal(@"C:\dir\file", lexer.ProcessWord(@"C:\dir\file", NoEnv).Value);
        Assert.Equal("a\"b", lexer.ProcessWord("\"a`\"b\"", NoEnv).Value);
        Assert.Equal(@"a\", lexer.ProcessWord("\"a\\\"", NoEnv).Value);
    }

    [Fact]
    public void Pattern_escapes_are_always_backslashes()
    {
        var env = ShellEnvironment.FromPairs(["FOO=*x"]);
        Assert.Equal("x", new ShellLexer('`').ProcessWord(@"${FOO#\*}", env).Value);
        Assert.Equal("x", new ShellLexer('\\').ProcessWord(@"${FOO#\*}", env).Value);
    }

    [Fact]
    public void Heredoc_detection_keeps_the_marker_word()
    {
        var result = HeredocLexer.ProcessWords("RUN <<EOF echo", NoEnv);
        Assert.True(result.Success);
        Assert.Equal(["RUN", "<<EOF", "echo"], result.Words.ToArray());
    }

    [Theory]
    [InlineData("RUN <<\"EOF\" cat", "<<\"EOF\"")]
    [InlineData("COPY <<-'EOT' /dst", "<<-'EOT'")]
    [InlineData("RUN 3<<EOF", "3<<EOF")]
    [InlineData("RUN <<$EOF", "<<$EOF")]
    [InlineData("RUN <<${EOF:-x}", "<<${EOF:-x}")]
    [InlineData(@"RUN <<\EOF", @"<<\EOF")]
    public void Heredoc_detection_keeps_quotes_escapes_and_unset_variables(string line, string expectedSecondWord)
    {
        var result = HeredocLexer.ProcessWords(line, NoEnv);
        Assert.True(result.Success, result.Error?.Message);
        Assert.Equal(expectedSecondWord, result.Words[1]);
    }

    [Fact]
    public void RawQuotes_alone_keeps_quotes_and_still_expands()
    {
        var lexer = new ShellLexer { RawQuotes = true };
        var env = ShellEnvironment.FromPairs(["X=v"]);
        Assert.Equal(["<<\"EOF\""], lexer.ProcessWords("<<\"EOF\"", env).Words.ToArray());
        Assert.Equal(["\"v w\"", "'$X'"], lexer.ProcessWords("\"$X w\" '$X'", env).Words.ToArray());

        // Default options remove the quotes: this is how BuildKit tells a quoted heredoc apart.
        Assert.Equal(["<<EOF"], new ShellLexer().ProcessWords("<<\"EOF\"", env).Words.ToArray());
    }

    [Fact]
    public void RawEscapes_keeps_escape_tokens()
    {
        var lexer = new ShellLexer { RawEscapes = true };
        Assert.Equal([@"a\ b", "c"], lexer.ProcessWords(@"a\ b c", NoEnv).Words.ToArray());
        Assert.Equal(@"a\""b", lexer.ProcessWord("\"a\\\"b\"", NoEnv).Value);

        // Inside double quotes an escape before an ordinary character is written twice, as in BuildKit.
        Assert.Equal(@"a\\tb", lexer.ProcessWord("\"a\\tb\"", NoEnv).Value);
    }

    [Fact]
    public void SkipUnsetEnv_leaves_unset_references_as_written()
    {
        var lexer = new ShellLexer { SkipUnsetEnv = true };
        var env = ShellEnvironment.FromPairs(["SET=v"]);
        var result = lexer.ProcessWord("$UNSET ${UNSET} ${UNSET:-d} ${UNSET:-$SET} ${UNSET+x} $SET ${SET:-d} $1", env);
        Assert.True(result.Success);
        Assert.Equal("$UNSET ${UNSET} ${UNSET:-d} ${UNSET:-v} ${UNSET+x} v v $1", result.Value);
    }

    [Fact]
    public void SkipUnsetEnv_writes_replace_all_with_a_single_slash_like_BuildKit()
    {
        var lexer = new ShellLexer { SkipUnsetEnv = true };
        Assert.Equal("${UNSET/a/b}", lexer.ProcessWord("${UNSET//a/b}", NoEnv).Value);
    }

    [Fact]
    public void SkipProcessQuotes_treats_quotes_as_ordinary_characters()
    {
        var lexer = new ShellLexer { SkipProcessQuotes = true };
        var env = ShellEnvironment.FromPairs(["X=v"]);
        Assert.Equal(["'a", "b'"], lexer.ProcessWords("'a b'", env).Words.ToArray());
        Assert.Equal("\"v\"", lexer.ProcessWord("\"$X\"", env).Value);
        Assert.Equal("'v", lexer.ProcessWord("'$X", env).Value);
    }

    [Fact]
    public void Only_backslash_and_backtick_are_escape_tokens()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ShellLexer('$'));
        Assert.Equal('\\', new ShellLexer().EscapeToken);
        Assert.Equal('`', new ShellLexer('`').EscapeToken);
    }
}
