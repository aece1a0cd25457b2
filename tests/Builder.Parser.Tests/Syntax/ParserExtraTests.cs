using System.Text.Json;
using Builder.Parser.Diagnostics;
using Builder.Parser.Syntax;
using Builder.Parser.Syntax.Internal;
using Builder.Parser.Text;
using Builder.TestKit;
using Xunit;

namespace Builder.Parser.Tests.Syntax;

/// <summary>The supplementary vectors transcribed from BuildKit's parser unit tests.</summary>
public sealed class ParserExtraTests
{
    private static JsonElement Json(params string[] path) =>
        JsonDocument.Parse(File.ReadAllText(RepoPaths.ConformancePath(["parser-extra", .. path]))).RootElement;

    private static DockerfileSyntaxTree ParseFile(params string[] path) =>
        DockerfileSyntaxTree.Parse(SourceText.From(File.ReadAllBytes(RepoPaths.ConformancePath(["parser-extra", .. path]))));

    [Theory]
    [InlineData("heredocs")]
    [InlineData("heredocs-json")]
    public void Heredocs_are_extracted_as_buildkit_does(string set)
    {
        var expected = Json(set, "expected.json");
        var tree = ParseFile(set, "Dockerfile");
        Assert.False(tree.HasErrors, string.Join("\n", tree.Diagnostics));
        ParserConformanceTests.AssertTiles(tree);

        if (expected.TryGetProperty("total_children", out var total))
        {
            Assert.Equal(total.GetInt32(), tree.Instructions.Length);
        }

        int checkedCount = 0;
        foreach (var child in expected.GetProperty("children").EnumerateArray())
        {
            var instruction = tree.Instructions[child.GetProperty("child").GetInt32()];
            Assert.Equal(child.GetProperty("instruction").GetString(), instruction.Original);
            var heredocs = child.GetProperty("heredocs");
            if (heredocs.ValueKind == JsonValueKind.Null)
            {
                Assert.Empty(instruction.Heredocs);
                checkedCount++;
                continue;
            }

            var want = heredocs.EnumerateArray().ToList();
            Assert.Equal(want.Count, instruction.Heredocs.Length);
            for (int i = 0; i < want.Count; i++)
            {
                var h = instruction.Heredocs[i];
                Assert.Equal(want[i].GetProperty("name").GetString(), h.Name);
                Assert.Equal(want[i].GetProperty("content").GetString(), h.Content);
                Assert.Equal(want[i].GetProperty("expand").GetBoolean(), h.Expand);
                Assert.Equal(want[i].GetProperty("chomp").GetBoolean(), h.Chomp);
                Assert.Equal(want[i].GetProperty("file_descriptor").GetInt32(), h.FileDescriptor);
            }

            checkedCount++;
        }

        Assert.True(checkedCount >= 3);
    }

    public static TheoryData<string, string> HeredocWords()
    {
        var data = new TheoryData<string, string>();
        var root = Json("heredoc-words.json").GetProperty("parse_heredoc_word");
        foreach (var kind in new[] { "valid_name_EOF", "invalid_error", "not_a_heredoc" })
        {
            foreach (var word in root.GetProperty(kind).EnumerateArray())
            {
                data.Add(kind, word.GetString()!);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(HeredocWords))]
    public void Heredoc_word(string kind, string word)
    {
        var opener = HeredocScanner.ParseWord(word, out var error);
        switch (kind)
        {
            case "valid_name_EOF":
                Assert.Null(error);
                Assert.NotNull(opener);
                Assert.Equal("EOF", opener!.Value.Name);
                break;
            case "invalid_error":
                Assert.NotNull(error);
                break;
            default:
                Assert.Null(error);
                Assert.Null(opener);
                break;
        }
    }

    public static TheoryData<string, string[]> HeredocLines()
    {
        var data = new TheoryData<string, string[]>();
        foreach (var c in Json("heredoc-words.json").GetProperty("heredocs_from_line").EnumerateArray())
        {
            data.Add(c.GetProperty("line").GetString()!, c.GetProperty("actual_names").EnumerateArray().Select(e => e.GetString()!).ToArray());
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(HeredocLines))]
    public void Heredocs_from_line(string line, string[] names)
    {
        var found = HeredocScanner.FromLine(LogicalLine.SingleSegment(line, 0), out var error);
        Assert.Null(error);
        Assert.Equal(names, found.Select(h => h.Name).ToArray());
    }

    [Fact]
    public void Line_numbers_match_buildkit()
    {
        var expected = Json("line-numbers", "expected.json");
        var tree = ParseFile("line-numbers", "Dockerfile");
        var children = expected.GetProperty("children").EnumerateArray().ToList();
        Assert.Equal(children.Count, tree.Instructions.Length);
        for (int i = 0; i < children.Count; i++)
        {
            var (start, end) = tree.GetLineRange(tree.Instructions[i]);
            Assert.Equal(children[i].GetProperty("start_line").GetInt32(), start);
            Assert.Equal(children[i].GetProperty("end_line").GetInt32(), end);
        }

        var root = expected.GetProperty("root");
        Assert.Equal(root.GetProperty("start_line").GetInt32(), tree.GetLineRange(tree.Instructions[0]).StartLine);
        Assert.Equal(root.GetProperty("end_line").GetInt32(), tree.GetLineRange(tree.Instructions[^1]).EndLine);
    }

    [Fact]
    public void Empty_continuation_lines_warn_once_per_instruction()
    {
        var expected = Json("empty-continuation", "expected.json");
        var tree = ParseFile("empty-continuation", "Dockerfile");
        Assert.False(tree.HasErrors);
        var warnings = tree.Diagnostics.Where(d => d.Descriptor == ParserDiagnostics.EmptyContinuationLine).ToList();
        Assert.Equal(expected.GetProperty("warning_count").GetInt32(), warnings.Count);
        var wanted = expected.GetProperty("warnings").EnumerateArray().ToList();
        for (int i = 0; i < wanted.Count; i++)
        {
            foreach (var part in wanted[i].GetProperty("short_contains").EnumerateArray())
            {
                Assert.Contains(part.GetString()!, warnings[i].Message);
            }

            // We point at the first empty line; BuildKit reports the instruction's last line.
            int line = tree.Text.GetLinePosition(warnings[i].Span.Start).Line;
            Assert.InRange(line, 1, wanted[i].GetProperty("observed").GetProperty("location_line").GetInt32());
            Assert.Equal(string.Empty, tree.Text.GetLineText(line).Trim());
        }
    }

    public static TheoryData<int> DirectiveCases()
    {
        var data = new TheoryData<int>();
        int n = Json("directives.json").GetProperty("cases").GetArrayLength();
        for (int i = 0; i < n; i++)
        {
            data.Add(i);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(DirectiveCases))]
    public void Directives(int index)
    {
        var c = Json("directives.json").GetProperty("cases")[index];
        string input = c.GetProperty("input").GetString()!;
        var expected = c.GetProperty("expected");
        string api = c.GetProperty("api").GetString()!;
        if (api == "ParseAll")
        {
            var all = DirectiveReader.ParseAll(input, out var error);
            Assert.Null(error);
            var want = expected.GetProperty("directives").EnumerateArray()
                .Select(d => (d.GetProperty("name").GetString(), d.GetProperty("value").GetString())).ToList();
            Assert.Equal(want, all.Select(d => ((string?)d.Name, (string?)d.Value)).ToList());
            return;
        }

        var found = api == "DetectSyntax" ? DirectiveReader.DetectSyntax(input) : DirectiveReader.Find("check", input);
        Assert.Equal(expected.GetProperty("found").GetBoolean(), found is not null);
        if (expected.TryGetProperty("ref", out var reference))
        {
            Assert.Equal(reference.GetString(), found?.Reference ?? string.Empty);
        }

        if (expected.TryGetProperty("cmdline", out var cmdline))
        {
            Assert.Equal(cmdline.GetString(), found?.Value ?? string.Empty);
        }

        if (expected.TryGetProperty("line", out var line))
        {
            Assert.Equal(line.GetInt32(), found!.Line);
        }
    }

    public static TheoryData<string, string[]?> JsonArrays()
    {
        var data = new TheoryData<string, string[]?>();
        var root = Json("json-arrays.json");
        foreach (var c in root.GetProperty("valid").EnumerateArray())
        {
            data.Add(c.GetProperty("input").GetString()!, c.GetProperty("expect").EnumerateArray().Select(e => e.GetString()!).ToArray());
        }

        foreach (var c in root.GetProperty("invalid_not_string_array").EnumerateArray())
        {
            data.Add(c.GetString()!, null);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(JsonArrays))]
    public void Json_arrays(string input, string[]? expected)
    {
        var outcome = JsonArrayParser.Parse(input, 0, input.Length, out var elements);
        if (expected is null)
        {
            Assert.Equal(JsonArrayParser.Outcome.NotAllStrings, outcome);
            return;
        }

        Assert.Equal(JsonArrayParser.Outcome.Strings, outcome);
        Assert.Equal(expected, elements.Select(e => e.Value).ToArray());
    }

    public static TheoryData<string, string[]> ParseWordsCases()
    {
        var data = new TheoryData<string, string[]>();
        foreach (var c in Json("parse-words.json").GetProperty("cases").EnumerateArray())
        {
            data.Add(c.GetProperty("input").GetString()!, c.GetProperty("expect").EnumerateArray().Select(e => e.GetString()!).ToArray());
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ParseWordsCases))]
    public void Parse_words(string input, string[] expected)
    {
        var words = WordSplitter.Split(input, 0, input.Length, '\\');
        Assert.Equal(expected, words.Select(w => w.Value).ToArray());
    }
}
