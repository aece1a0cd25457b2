using Xunit;

namespace Builder.Parser.Tests.Robustness.Regressions;

/// <summary>
/// Found by a sweep of 250 KB lines of one repeated fragment (now fuzzer tokens): an unknown
/// keyword of 250,000 characters built a 250,000 x 11 table per known keyword.
/// </summary>
public sealed class DidYouMeanRegressionTests
{
    [Fact]
    public void Very_long_unknown_keyword_gets_no_suggestion()
    {
        // Was a 250,000 x 11 distance table per keyword.
        string keyword = TestText.Repeat("a", 250_000);

        var error = Assert.Single(Dockerfile.Parse("FROM a\n" + keyword + " x\n").Diagnostics);

        Assert.Equal("BLD1101", error.Id);
        Assert.DoesNotContain("did you mean", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("RUNN", "RUN")]
    [InlineData("RU", "RUN")]
    [InlineData("EXPOS", "EXPOSE")]
    [InlineData("HEALTHCHEKC", "HEALTHCHECK")]
    [InlineData("ONBUILDXX", "ONBUILD")]
    public void Close_keywords_are_still_suggested(string written, string suggested)
    {
        var error = Assert.Single(Dockerfile.Parse("FROM a\n" + written + " x\n").Diagnostics);

        Assert.EndsWith($"(did you mean {suggested}?)", error.Message, StringComparison.Ordinal);
    }
}
