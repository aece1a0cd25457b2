using Builder.Parser.Text;
using Xunit;

namespace Builder.Parser.Tests;

public sealed class SourceTextTests
{
    [Fact]
    public void Invalid_utf8_round_trips_byte_for_byte()
    {
        byte[] input = [(byte)'a', 0xFF, (byte)'\n', 0xC3, 0xA9, 0xE2, 0x82];
        var text = SourceText.From(input);
        Assert.Equal(input, text.ToBytes());
    }

    [Fact]
    public void Line_positions_are_one_based()
    {
        var text = SourceText.From("FROM a\nRUN b\n");
        Assert.Equal(new LinePosition(2, 5), text.GetLinePosition(11));
        Assert.Equal("RUN b", text.GetLineText(2));
    }
}
