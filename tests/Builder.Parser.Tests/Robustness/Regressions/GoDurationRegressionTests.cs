using Builder.Parser.Diagnostics;
using Builder.Parser.Instructions;
using Xunit;

namespace Builder.Parser.Tests.Robustness.Regressions;

/// <summary>
/// Found by the fuzzer: a HEALTHCHECK duration with a long enough number overflowed <c>decimal</c>
/// and threw.
/// </summary>
public sealed class GoDurationRegressionTests
{
    [Fact]
    public void Huge_healthcheck_duration_is_a_diagnostic_not_an_overflow()
    {
        // Minimised from a mutated conformance/parser/health: decimal overflowed in the multiply.
        var file = Dockerfile.Parse("HEALTHCHECK --interval=92233720368547758075s CMD c\n");

        Assert.Contains(file.Diagnostics, d => d.Descriptor == InstructionDiagnostics.InvalidFlagValue);
    }

    [Theory]
    [InlineData("92233720368547758075s")]
    [InlineData("79228162514264337593543950335h")]
    [InlineData("9223372036854775808ns")]
    [InlineData("2562048h")]
    public void GoDuration_rejects_overflowing_values(string text)
    {
        Assert.False(GoDuration.TryParse(text, out _));
    }

    [Fact]
    public void GoDuration_accepts_the_largest_value()
    {
        Assert.True(GoDuration.TryParse("2562047h", out var value));
        Assert.Equal(TimeSpan.FromHours(2562047), value);
    }
}
