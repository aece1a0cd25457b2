using Builder.Parser.Shell;
using Xunit;

namespace Builder.Parser.Tests.Shell;

/// <summary>BuildKit's <c>wordsTest</c>: ProcessWords with the ENV lines seen so far, default options.</summary>
public sealed class WordsTestConformanceTests
{
    private static readonly ShellLexer Lexer = new('\\');

    /// <summary>Line number, input, expected words and the accumulated ENV entries.</summary>
    public static TheoryData<int, string, string[], string[]> Rows()
    {
        var data = new TheoryData<int, string, string[], string[]>();
        foreach (var row in ShellConformance.WordsRows)
        {
            data.Add(row.Line, row.Input, row.Expected, row.EnvPairs);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Row(int line, string input, string[] expected, string[] envPairs)
    {
        var result = Lexer.ProcessWords(input, ShellEnvironment.FromPairs(envPairs));
        if (expected is ["error"])
        {
            Assert.False(result.Success, $"line {line}: {input} should fail but gave [{string.Join("|", result.Words)}]");
            Assert.Empty(result.Words);
        }
        else
        {
            Assert.True(result.Success, $"line {line}: {input} failed: {result.Error?.Message}");
            Assert.Equal(expected, result.Words.ToArray());
        }
    }

    [Fact]
    public void File_has_the_documented_shape()
    {
        var rows = ShellConformance.WordsRows;
        Assert.Equal(24, rows.Count);
        Assert.Single(rows, r => r.ExpectError);
        Assert.Equal(
            ["hi=hi", "space=abc  def", "leading=  ab c", "trailing=ab c   "],
            rows[^1].EnvPairs);
        Assert.Empty(rows[0].EnvPairs);
    }
}
