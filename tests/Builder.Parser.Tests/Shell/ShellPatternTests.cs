using Builder.Parser.Shell;
using Xunit;

namespace Builder.Parser.Tests.Shell;

/// <summary><c>#</c>, <c>%</c> and <c>/</c> modifiers beyond the vectors, checked against Go regexp semantics.</summary>
public sealed class ShellPatternTests
{
    private static readonly ShellLexer Lexer = new();

    private static string Expand(string input, params string[] env)
    {
        var result = Lexer.ProcessWord(input, ShellEnvironment.FromPairs(env));
        Assert.True(result.Success, result.Error?.Message);
        return result.Value;
    }

    [Theory]
    [InlineData("${FOO#*.}", "b.c")]
    [InlineData("${FOO##*.}", "c")]
    [InlineData("${FOO%.*}", "a.b")]
    [InlineData("${FOO%%.*}", "a")]
    [InlineData("${FOO#x}", "a.b.c")]
    [InlineData("${FOO%?}", "a.b.")]
    [InlineData("${FOO/.?./-}", "a-c")]
    [InlineData("${FOO//./-}", "a-b-c")]
    public void Trims_and_replaces(string input, string expected) =>
        Assert.Equal(expected, Expand(input, "FOO=a.b.c"));

    [Fact]
    public void Wildcards_do_not_match_a_line_feed()
    {
        Assert.Equal("\nb", Expand("${FOO##*}", "FOO=a\nb"));
        Assert.Equal("a\n", Expand("${FOO%%*}", "FOO=a\nb"));
        Assert.Equal("x\nx", Expand("${FOO//?/x}", "FOO=a\nb"));
    }

    [Fact]
    public void Wildcards_match_whole_code_points()
    {
        Assert.Equal("x", Expand("${FOO#?}", "FOO=\U0001F600x"));
        Assert.Equal("x", Expand("${FOO%?}", "FOO=x\U0001F600"));
        Assert.Equal("--", Expand("${FOO//?/-}", "FOO=\U0001F600\U0001F600"));
    }

    [Fact]
    public void Replace_all_uses_go_template_syntax_but_replace_first_does_not()
    {
        Assert.Equal("f[o][o]", Expand("${FOO//o/$R}", "FOO=foo", "R=[$0]"));
        Assert.Equal("f[$0]o", Expand("${FOO/o/$R}", "FOO=foo", "R=[$0]"));
        Assert.Equal("f$$", Expand("${FOO//o/$R}", "FOO=foo", "R=$$"));
        Assert.Equal("f[][]", Expand("${FOO//o/$R}", "FOO=foo", "R=[$1]"));
        Assert.Equal("f${x", Expand("${FOO//o*/$R}", "FOO=foo", "R=${x"));
    }

    [Fact]
    public void Empty_matches_follow_go_replace_all()
    {
        Assert.Equal("-a-b-", Expand("${FOO//$E/-}", "FOO=ab", "E="));
        Assert.Equal("x", Expand("${FOO//*/x}", "FOO=ab"));
        Assert.Equal("-ab", Expand("${FOO/$E/-}", "FOO=ab", "E="));
    }

    [Fact]
    public void Suffix_patterns_are_reversed_like_BuildKit_does()
    {
        // "*\" reversed keeps the backslash in front: "\*", a literal star.
        Assert.Equal("ab", Expand(@"${FOO%*'\'}", "FOO=ab*"));
        Assert.False(Lexer.ProcessWord(@"${FOO#*'\'}", ShellEnvironment.FromPairs(["FOO=ab*"])).Success);
    }

    [Fact]
    public void Escaped_braces_and_slashes_are_literals()
    {
        Assert.Equal("x", Expand(@"${FOO#a\}}", "FOO=a}x"));
        Assert.Equal("a-b", Expand(@"${FOO/\//-}", "FOO=a/b"));
    }
}
