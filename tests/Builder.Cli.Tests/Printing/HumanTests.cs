using Builder.Cli.Printing;
using Xunit;

namespace Builder.Cli.Tests.Printing;

/// <summary>Sizes and ages as go-units prints them for the Docker CLI.</summary>
public sealed class HumanTests
{
    [Theory]
    [InlineData(0, "0B")]
    [InlineData(999, "999B")]
    [InlineData(1000, "1kB")]
    [InlineData(2560, "2.56kB")]
    [InlineData(4_261_550, "4.26MB")]
    [InlineData(1_500_000_000, "1.5GB")]
    public void Size_uses_decimal_units_and_three_digits(long bytes, string expected) => Assert.Equal(expected, Human.Size(bytes));

    [Theory]
    [InlineData(0, "Less than a second")]
    [InlineData(1, "1 second")]
    [InlineData(59, "59 seconds")]
    [InlineData(60, "About a minute")]
    [InlineData(45 * 60, "45 minutes")]
    [InlineData(90 * 60, "2 hours")]
    [InlineData(3600, "About an hour")]
    [InlineData(3 * 86400, "3 days")]
    [InlineData(20 * 86400, "2 weeks")]
    [InlineData(90 * 86400, "3 months")]
    [InlineData(800 * 86400, "2 years")]
    public void Duration_matches_docker(long seconds, string expected) => Assert.Equal(expected, Human.Duration(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Ago_of_an_unknown_time_is_na() => Assert.Equal("N/A", Human.Ago(null, DateTimeOffset.UnixEpoch));

    [Fact]
    public void Ellipsis_keeps_the_width() => Assert.Equal("abcd…", Human.Ellipsis("abcdefgh", 5));

    [Fact]
    public void Table_pads_every_column_but_the_last_to_at_least_ten()
    {
        var table = new Table("A", "LONGER HEADER", "LAST");
        table.Add("x", "y", "z");
        var output = new StringWriter();
        table.WriteTo(output);
        Assert.Equal("A         LONGER HEADER   LAST\nx         y               z\n", output.ToString());
    }
}
