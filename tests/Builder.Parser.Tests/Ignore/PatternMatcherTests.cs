using Builder.Parser.Ignore;
using Xunit;

namespace Builder.Parser.Tests.Ignore;

/// <summary>
/// API behaviour and upstream quirks beyond the conformance vectors. Expected values were checked
/// against upstream with the harness described in fixtures/dockerignore/README.md.
/// </summary>
public sealed class PatternMatcherTests
{
    private static PatternMatcher Build(params string[] patterns)
    {
        var result = PatternMatcher.Create(patterns);
        Assert.True(result.Succeeded, result.Error?.ToString());
        return result.Matcher;
    }

    [Fact]
    public void Error_carries_the_index_of_the_bad_pattern()
    {
        var result = PatternMatcher.Create(new[] { "a", "   ", "b", "x[", "[" });
        Assert.False(result.Succeeded);
        var error = result.Error!;
        Assert.Equal(3, error.PatternIndex); // blank entries count
        Assert.Equal("x[", error.Pattern);
        Assert.Equal(PatternErrorKind.BadPattern, error.Kind);
        Assert.Equal("syntax error in pattern", error.Message);
        Assert.Contains("not closed", error.Detail, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => result.Matcher);
    }

    [Theory]
    [InlineData("!")]
    [InlineData("  !  ")]
    [InlineData("!/")] // cleaned to "!"
    public void Lone_exclamation_is_an_illegal_exclusion(string pattern)
    {
        var error = PatternMatcher.Create(new[] { pattern }).Error!;
        Assert.Equal(PatternErrorKind.IllegalExclusion, error.Kind);
        Assert.Equal("illegal exclusion pattern: \"!\"", error.Message);
    }

    [Fact]
    public void Patterns_are_trimmed_cleaned_and_blank_ones_dropped()
    {
        var m = Build("docs/", "  !docs/README.md  ", string.Empty, " ", "./a/../b//c/");
        Assert.Equal(new[] { "docs", "docs/README.md", "b/c" }, m.Patterns.Select(p => p.CleanedPattern));
        Assert.Equal(new[] { false, true, false }, m.Patterns.Select(p => p.Exclusion));
        Assert.Equal(new[] { 0, 1, 4 }, m.Patterns.Select(p => p.SourceIndex));
        Assert.True(m.HasExclusions);
        Assert.False(Build("a", "b").HasExclusions);
    }

    [Fact]
    public void Last_matching_pattern_wins()
    {
        var m = Build("*.md", "!README*.md", "README-secret.md");
        Assert.True(m.MatchesOrParentMatches("CHANGES.md").IsMatch);
        Assert.False(m.MatchesOrParentMatches("README.md").IsMatch);
        Assert.True(m.MatchesOrParentMatches("README-secret.md").IsMatch);
    }

    [Fact]
    public void Parent_directories_count_for_MatchesOrParentMatches_but_only_one_for_Matches()
    {
        var m = Build("**/b");
        Assert.True(m.MatchesOrParentMatches("x/y/b/c").IsMatch);
        Assert.False(m.Matches("x/y/b/c").IsMatch); // upstream's deprecated single-parent check
        Assert.False(m.MatchesExact("x/y/b/c").IsMatch);
        Assert.True(m.MatchesExact("x/y/b").IsMatch);
    }

    [Fact]
    public void Walking_with_MatchInfo_equals_checking_every_parent()
    {
        var m = Build("build", "!build/keep", "**/*.tmp");
        var info = MatchInfo.Empty;
        Assert.True(m.MatchesUsingParentResults("build", info, out info).IsMatch);
        Assert.Equal(3, info.Count);
        Assert.True(info[0]);
        Assert.False(m.MatchesUsingParentResults("build/keep", info, out var keep).IsMatch);
        Assert.True(m.MatchesUsingParentResults("build/other", info, out _).IsMatch);
        Assert.False(m.MatchesUsingParentResults("build/keep/x", keep, out _).IsMatch);
        Assert.False(m.MatchesOrParentMatches("build/keep/x").IsMatch);
    }

    [Fact]
    public void MatchInfo_from_another_matcher_is_rejected()
    {
        var one = Build("a");
        var two = Build("a", "b");
        two.MatchesUsingParentResults("a", MatchInfo.Empty, out var info);
        Assert.Throws<ArgumentException>(() => one.MatchesUsingParentResults("a/b", info, out _));
    }

    [Fact]
    public void Regexp_that_does_not_compile_fails_every_call()
    {
        var m = Build("[Local-Only]/");
        var pattern = Assert.Single(m.Patterns);
        Assert.NotNull(pattern.MatchError);
        Assert.Contains("l-O", pattern.MatchError!.Detail, StringComparison.Ordinal);
        for (int i = 0; i < 2; i++)
        {
            var r = m.MatchesOrParentMatches("x");
            Assert.False(r.IsMatch);
            Assert.Equal("syntax error in pattern", r.Error!.Message);
        }

        // A pattern that is never evaluated does no harm, as upstream.
        Assert.False(Build("!x[z-a]*", "a").MatchesOrParentMatches("b").IsError);
    }

    [Theory]
    [InlineData("a\\d", "a5", true)] // '\d' reaches the regexp: a digit
    [InlineData("a\\d", "ad", false)]
    [InlineData("[[:alpha:]]", "q", true)] // POSIX class
    [InlineData("[[:alpha:]]", "1", false)]
    [InlineData("\\x41", "A", true)] // hex escape
    [InlineData("\\12", "\n", true)] // octal escape
    [InlineData("\\pL*", "ζeta", true)] // Unicode class
    [InlineData("\\PL", "1", true)]
    [InlineData("\\bfoo\\b", "foo", true)] // word boundaries
    [InlineData("foo\\B", "foo", false)]
    [InlineData("a^b", "a^b", true)] // no wildcard: compared as text
    [InlineData("a^b*", "a^bc", false)] // in a regexp '^' anchors, so this never matches
    [InlineData("\\Q*", "[^/]*$xyz", true)] // \Q quotes the rest, even the final '$'
    [InlineData("\\Q*", "abc", false)]
    [InlineData("[a*]", "]", true)] // '*' in brackets becomes [^/]*, which ends the class early
    [InlineData("[a*]", "a/]", true)]
    [InlineData("[a*]", "b]", false)]
    [InlineData("x*|y", "ay", true)] // '|' is not escaped: ^x[^/]*|y$
    [InlineData("y|x*", "ay", false)]
    [InlineData("a{2}*", "aa", true)] // '{' '}' are not escaped either
    [InlineData("a{2}*", "a{2}", false)]
    [InlineData("a?b", "a😀b", true)] // '?' is one code point
    [InlineData("\uFEFF*.go", "x.go", true)] // a leading BOM vanishes from the regexp
    [InlineData("\uFEFF**/foo", "\u00BF**/foo", true)] // ...but not from the suffix, cut by bytes
    [InlineData("\uFEFF**/foo", "x/foo", false)]
    [InlineData("**", "", true)]
    public void Regexp_quirks_match_upstream(string pattern, string path, bool expected)
    {
        var r = Build(pattern).MatchesOrParentMatches(path);
        Assert.Null(r.Error);
        Assert.Equal(expected, r.IsMatch);
    }

    [Fact]
    public void A_byte_that_is_not_UTF8_is_one_character()
    {
        // Built at run time: attribute arguments cannot carry lone surrogates.
        string path = "a" + (char)0xDC80 + "b";
        Assert.True(Build("a?b").MatchesOrParentMatches(path).IsMatch);
        Assert.False(Build("a??b").MatchesOrParentMatches(path).IsMatch);
    }

    [Theory]
    [InlineData("\\e")] // unknown escape
    [InlineData("\\1")] // backreference
    [InlineData("\\pX")] // unknown Unicode class
    [InlineData("[\\b]")]
    [InlineData("ab{1001}*")] // repeat count over 1000
    public void Regexp_errors_surface_when_matching(string pattern)
    {
        var m = Build(pattern);
        Assert.True(m.MatchesOrParentMatches("anything").IsError);
    }

    [Theory]
    [InlineData("x*[-]")] // current Go checks the whole pattern, not just up to the first mismatch
    [InlineData("a/*/[]")]
    [InlineData("*\\")]
    public void Whole_pattern_is_syntax_checked(string pattern) =>
        Assert.False(PatternMatcher.Create(new[] { pattern }).Succeeded);

    [Fact]
    public void Package_level_helpers_clean_the_path()
    {
        Assert.False(PatternMatcher.Matches(".", new[] { "*" }).IsMatch);
        Assert.False(PatternMatcher.MatchesOrParentMatches("", new[] { "**" }).IsMatch);
        Assert.True(PatternMatcher.MatchesOrParentMatches("./a//b/", new[] { "a/b" }).IsMatch);
        Assert.True(PatternMatcher.Matches("x", new[] { "[" }).IsError);
    }

    [Fact]
    public void Matching_is_linear_even_for_hostile_patterns()
    {
        var m = Build("*a*a*a*a*a*a*a*a*a*a*a*b", "**/**/**/**/**/**/**/**/x");
        var sw = System.Diagnostics.Stopwatch.StartNew();
        Assert.False(m.MatchesOrParentMatches(new string('a', 20_000)).IsMatch);
        Assert.False(m.MatchesExact(string.Join("/", Enumerable.Repeat("d", 5_000))).IsMatch);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5), $"took {sw.Elapsed}");
    }

    [Fact]
    public void One_matcher_can_be_shared_between_threads()
    {
        var m = Build("**/node_modules", "*.log", "!keep.log", "src/**/test?.c", "[Bb]uild*");
        var paths = Enumerable.Range(0, 2000).Select(i => $"src/{i % 7}/test{i % 10}.c").Concat(new[] { "a/node_modules/x", "keep.log", "x.log", "Build1" }).ToArray();
        var expected = paths.Select(p => m.MatchesOrParentMatches(p).IsMatch).ToArray();
        Parallel.For(0, 8, _ =>
        {
            for (int i = 0; i < paths.Length; i++)
            {
                Assert.Equal(expected[i], m.MatchesOrParentMatches(paths[i]).IsMatch);
            }
        });
        Assert.Contains(true, expected);
        Assert.Contains(false, expected);
    }
}
