using Builder.Parser.Syntax;
using Builder.Parser.Text;
using Builder.TestKit;
using Xunit;

namespace Builder.Parser.Tests.Syntax;

/// <summary>BuildKit's own parser test files: the dump must match byte for byte.</summary>
public sealed class ParserConformanceTests
{
    public static TheoryData<string> PositiveCases() => Cases("parser");

    public static TheoryData<string> NegativeCases() => Cases("parser-negative");

    [Theory]
    [MemberData(nameof(PositiveCases))]
    public void Dump_matches_buildkit(string name)
    {
        var dir = RepoPaths.ConformancePath("parser", name);
        var tree = Parse(Path.Combine(dir, "Dockerfile"));

        Assert.DoesNotContain(tree.Diagnostics, d => d.IsError);
        var expected = File.ReadAllText(Path.Combine(dir, "result"));
        Assert.Equal(expected, tree.Dump() + "\n");
    }

    [Theory]
    [MemberData(nameof(PositiveCases))]
    public void Tree_is_lossless(string name)
    {
        var bytes = File.ReadAllBytes(RepoPaths.ConformancePath("parser", name, "Dockerfile"));
        var tree = DockerfileSyntaxTree.Parse(SourceText.From(bytes));

        Assert.Equal(tree.Text.Text, tree.ToFullString());
        Assert.Equal(bytes, SourceText.From(tree.ToFullString()).ToBytes());
        AssertTiles(tree);
    }

    [Theory]
    [MemberData(nameof(NegativeCases))]
    public void Negative_case_is_rejected_with_a_located_error(string name)
    {
        var path = RepoPaths.ConformancePath("parser-negative", name, "Dockerfile");
        var tree = Parse(path);

        var error = Assert.Single(tree.Diagnostics, d => d.IsError);
        Assert.InRange(error.Span.Start, 0, tree.Text.Length);
        Assert.InRange(error.Span.End, error.Span.Start, tree.Text.Length);
        Assert.Equal(tree.Text.Text, tree.ToFullString());
    }

    [Fact]
    public void All_conformance_cases_are_present()
    {
        Assert.Equal(33, PositiveCases().Count);
        Assert.Equal(4, NegativeCases().Count);
    }

    internal static void AssertTiles(DockerfileSyntaxTree tree)
    {
        int at = 0;
        foreach (var node in tree.Nodes)
        {
            Assert.Equal(at, node.FullSpan.Start);
            at = node.FullSpan.End;
        }

        Assert.Equal(tree.Text.Length, at);
    }

    private static DockerfileSyntaxTree Parse(string path) =>
        DockerfileSyntaxTree.Parse(SourceText.From(File.ReadAllBytes(path), path));

    private static TheoryData<string> Cases(string set)
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.GetDirectories(RepoPaths.ConformancePath(set)).OrderBy(d => d, StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(dir));
        }

        return data;
    }
}
