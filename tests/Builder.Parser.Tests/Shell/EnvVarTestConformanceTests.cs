using Builder.Parser.Shell;
using Xunit;

namespace Builder.Parser.Tests.Shell;

/// <summary>BuildKit's <c>envVarTest</c>: ProcessWord with a fixed environment, Unix rows (A and U).</summary>
public sealed class EnvVarTestConformanceTests
{
    private static readonly ShellLexer Lexer = new('\\');
    private static readonly ShellEnvironment Env = ShellEnvironment.FromDictionary(ShellConformance.EnvVarTestEnvironment);

    /// <summary>Line number, platform, input and expected text of every A and U row.</summary>
    public static TheoryData<int, string, string, string> UnixRows()
    {
        var data = new TheoryData<int, string, string, string>();
        foreach (var row in ShellConformance.EnvVarRows)
        {
            if (row.Platform is "A" or "U")
            {
                data.Add(row.Line, row.Platform, row.Input, row.Expected);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(UnixRows))]
    public void Row(int line, string platform, string input, string expected)
    {
        Assert.True(platform is "A" or "U", $"line {line}: unexpected platform {platform}");
        var result = Lexer.ProcessWord(input, Env);
        if (expected == "error")
        {
            Assert.False(result.Success, $"line {line}: {input} should fail but gave \"{result.Value}\"");
            Assert.False(string.IsNullOrEmpty(result.Error!.Message));
            Assert.InRange(result.Error.Offset, 0, input.Length);
            Assert.Equal(string.Empty, result.Value);
        }
        else
        {
            Assert.True(result.Success, $"line {line}: {input} failed: {result.Error?.Message}");
            Assert.Equal(expected, result.Value);
        }
    }

    [Fact]
    public void File_has_the_documented_shape()
    {
        var rows = ShellConformance.EnvVarRows;
        Assert.Equal(230, rows.Count);
        Assert.Equal(226, rows.Count(r => r.Platform == "A"));
        Assert.Equal(2, rows.Count(r => r.Platform == "U"));
        Assert.Equal(2, rows.Count(r => r.Platform == "W"));
        Assert.Equal(36, rows.Count(r => r.ExpectError));
        Assert.Equal(228, UnixRows().Count());
    }
}
