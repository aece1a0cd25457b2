using Builder.Parser.Shell;
using Xunit;

namespace Builder.Parser.Tests.Shell;

/// <summary>Expansion and splitting details the vectors leave open.</summary>
public sealed class ShellWordTests
{
    private static readonly ShellLexer Lexer = new();

    [Fact]
    public void Empty_quotes_make_no_word()
    {
        Assert.Equal(["a", "b"], Lexer.ProcessWords("a \"\" b", ShellEnvironment.Empty).Words.ToArray());
        Assert.Empty(Lexer.ProcessWords("''", ShellEnvironment.Empty).Words);
        Assert.Empty(Lexer.ProcessWords("   ", ShellEnvironment.Empty).Words);
    }

    [Fact]
    public void Unicode_white_space_from_a_variable_splits_unless_quoted()
    {
        var env = ShellEnvironment.FromPairs(["X=a\u00A0b\u3000c"]);
        Assert.Equal(["a", "b", "c"], Lexer.ProcessWords("$X", env).Words.ToArray());
        Assert.Equal(["a\u00A0b\u3000c"], Lexer.ProcessWords("\"$X\"", env).Words.ToArray());
        Assert.Equal(["pre-a", "b", "c-post"], Lexer.ProcessWords("pre-${X}-post", env).Words.ToArray());
    }

    [Fact]
    public void Modifier_results_split_like_variables()
    {
        var env = ShellEnvironment.FromPairs(["X=1 2"]);
        Assert.Equal(["a1", "2b"], Lexer.ProcessWords("a${UNSET:-$X}b", env).Words.ToArray());
        Assert.Equal(["a1 2b"], Lexer.ProcessWords("a\"${UNSET:-$X}\"b", env).Words.ToArray());
    }

    [Fact]
    public void Names_may_use_any_letter()
    {
        var env = ShellEnvironment.FromPairs(["\U0001D49C=v", "\uD55C=k"]);
        Assert.Equal("v-k.", Lexer.ProcessWord("$\U0001D49C-${\uD55C}.", env).Value);
    }

    [Fact]
    public void Leading_byte_order_mark_is_dropped_like_go_text_scanner()
    {
        Assert.Equal("abc", Lexer.ProcessWord("\uFEFFabc", ShellEnvironment.Empty).Value);
        Assert.Equal("a\uFEFFb", Lexer.ProcessWord("a\uFEFFb", ShellEnvironment.Empty).Value);
    }

    [Fact]
    public void Environment_may_call_the_lexer_again()
    {
        var result = Lexer.ProcessWord("a $X b", new ReentrantEnvironment());
        Assert.True(result.Success);
        Assert.Equal("a <X> b", result.Value);
    }

    private sealed class ReentrantEnvironment : IShellEnvironment
    {
        public bool TryGetValue(string name, out string value)
        {
            value = new ShellLexer().ProcessWord("<${INNER:-" + name + "}>", ShellEnvironment.Empty).Value;
            return true;
        }
    }
}
