using Builder.Parser.Shell;
using Xunit;

namespace Builder.Parser.Tests.Robustness.Regressions;

/// <summary>
/// Found by the fuzzer (input 53,393 of the 100,000 run): a backslash before a byte of non-UTF-8
/// input in a <c>${v/p/r}</c> pattern threw from <c>char.ConvertFromUtf32</c> while building the
/// "invalid escape" message. Minimised from <c>CMD ${/\&lt;0xC9&gt;/}</c>.
/// </summary>
public sealed class ShellPatternRegressionTests
{
    // A lone surrogate cannot be an attribute argument (metadata stores UTF-8), so the raw byte
    // is put in here: the data holds the text before and after it.
    private const char RawByte = '\uDCC9';

    [Theory]
    [InlineData("${a/\\", "/}")]
    [InlineData("${a%\\", "}")]
    [InlineData("${a#\\", "}")]
    [InlineData("${/\\", "/}")]
    public void Escaped_raw_byte_in_a_pattern_is_an_invalid_escape(string before, string after)
    {
        var env = ShellEnvironment.FromPairs(["a=x"]);
        string word = before + RawByte + after;

        var result = new ShellLexer().ProcessWord(word, env);

        Assert.EndsWith("invalid escape '\\" + RawByte + "'", result.Error?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Minimised_dockerfile_parses_and_its_word_reports_the_error()
    {
        var file = Dockerfile.Parse(Text.SourceText.From([.. "CMD ${/\\"u8, 0xC9, .. "/}"u8]));
        var word = file.Syntax.Instructions[0].Arguments[0].Value;

        var result = new ShellLexer().ProcessWord(word, ShellEnvironment.Empty);

        Assert.Equal("invalid pattern (\\\uDCC9) in substitution: invalid escape '\\\uDCC9'", result.Error?.Message);
    }
}
