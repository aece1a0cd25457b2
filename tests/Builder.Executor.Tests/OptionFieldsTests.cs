using Xunit;

namespace Builder.Executor.Tests;

public sealed class OptionFieldsTests
{
    [Fact]
    public void Keys_and_values_are_trimmed_and_the_last_of_a_key_wins()
    {
        Assert.True(OptionFields.TryParse(" type = oci ,dest=a.tar,dest= b.tar", out var fields, out var bad));
        Assert.Equal(new Dictionary<string, string> { ["type"] = "oci", ["dest"] = "b.tar" }, fields);
        Assert.Equal("", bad);
    }

    [Theory]
    [InlineData("type=local,dir", "dir")]
    [InlineData("=x", "=x")]
    [InlineData("type=local,", "")]
    public void The_first_part_that_is_not_key_value_is_named(string text, string part)
    {
        Assert.False(OptionFields.TryParse(text, out var fields, out var bad));
        Assert.Equal(part, bad);
        Assert.Empty(fields);
    }
}
