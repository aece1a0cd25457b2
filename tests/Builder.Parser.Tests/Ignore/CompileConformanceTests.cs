using Builder.Parser.Ignore;
using Xunit;

namespace Builder.Parser.Tests.Ignore;

/// <summary>
/// compile.tsv: the match type and the exact RE2 text upstream generates, for '/' and for '\'
/// as the separator. The port generates the same text and then runs it on its own RE2 engine, so
/// both columns are checked verbatim, and the '/' expression must also compile.
/// </summary>
public sealed class CompileConformanceTests
{
    public static TheoryData<string, string> RowsBySeparator()
    {
        var data = new TheoryData<string, string>();
        foreach (var row in ConformanceVectors.CompileCases)
        {
            data.Add(row.Pattern, "slash");
            data.Add(row.Pattern, "backslash");
        }

        return data;
    }

    [Fact]
    public void Vector_file_is_complete() => Assert.Equal(21, ConformanceVectors.CompileCases.Count);

    [Theory]
    [MemberData(nameof(RowsBySeparator))]
    public void Compiles_like_upstream(string pattern, string separator)
    {
        var row = ConformanceVectors.CompileCases.Single(c => c.Pattern == pattern);
        char sep = separator == "slash" ? '/' : '\\';

        // Upstream's TestCompile: path.Clean, then '/' replaced by the separator.
        string cleaned = GoPath.Clean(row.Pattern).Replace('/', sep);
        string regex = PatternCompiler.Compile(cleaned, sep, out var type);

        Assert.Equal(row.MatchType, TypeName(type));
        Assert.Equal(sep == '/' ? row.RegexpSlash : row.RegexpBackslash, regex);
        if (type == PatternMatchType.Regexp && sep == '/')
        {
            Assert.NotNull(Re2Program.Compile(regex, out string? error));
            Assert.Null(error);
        }
    }

    private static string TypeName(PatternMatchType type) => type switch
    {
        PatternMatchType.Exact => "exactMatch",
        PatternMatchType.Prefix => "prefixMatch",
        PatternMatchType.Suffix => "suffixMatch",
        _ => "regexpMatch",
    };
}
