using Builder.Parser.Shell;
using Xunit;

namespace Builder.Parser.Tests.Shell;

/// <summary>The table-driven cases of BuildKit's <c>lex_test.go</c>, transcribed to process-word-cases.json.</summary>
public sealed class ProcessWordCasesConformanceTests
{
    private static readonly ShellLexer Lexer = new('\\');

    /// <summary>Group, index within the group, and input (for the test name) of every case.</summary>
    public static TheoryData<string, int, string> Cases()
    {
        var data = new TheoryData<string, int, string>();
        foreach (var c in ShellConformance.ProcessWordCases)
        {
            data.Add(c.Group, c.Index, c.Input);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case(string group, int index, string input)
    {
        var c = ShellConformance.ProcessWordCases.Single(x => x.Group == group && x.Index == index);
        Assert.Equal(c.Input, input);

        var result = Lexer.ProcessWord(c.Input, ShellEnvironment.FromDictionary(c.Env));
        if (c.ExpectError)
        {
            Assert.False(result.Success, $"{input} should fail but gave \"{result.Value}\"");
            if (c.ErrorContains is not null)
            {
                Assert.Contains(c.ErrorContains, result.Error!.Message, StringComparison.Ordinal);
            }

            return;
        }

        Assert.True(result.Success, $"{input} failed: {result.Error?.Message}");
        Assert.Equal(c.Expected, result.Value);
        if (c.Matched is not null)
        {
            Assert.Equal(c.Matched.Order(StringComparer.Ordinal), result.Matched.Order(StringComparer.Ordinal));
        }

        if (c.Unmatched is not null)
        {
            Assert.Equal(c.Unmatched.Order(StringComparer.Ordinal), result.Unmatched.Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void File_has_the_documented_shape()
    {
        var cases = ShellConformance.ProcessWordCases;
        Assert.Equal(47, cases.Count(c => c.Group == "process_with_matches"));
        Assert.Equal(3, cases.Count(c => c.Group == "platform_release_name"));
        Assert.Equal(6, cases.Count(c => c.Group == "mandatory_env_vars"));

        // Every successful process_with_matches case states both sets; error cases state neither.
        Assert.All(
            cases.Where(c => c.Group == "process_with_matches"),
            c => Assert.Equal(!c.ExpectError, c.Matched is not null && c.Unmatched is not null));
        Assert.Equal(3, cases.Count(c => c.ErrorContains is not null));
    }
}
