using Builder.Parser.Diagnostics;
using Builder.Parser.Syntax;
using Xunit;

namespace Builder.Parser.Tests.Syntax;

public sealed class SyntaxTreeTests
{
    private static DockerfileSyntaxTree Parse(string text) => DockerfileSyntaxTree.Parse(text);

    private static string At(DockerfileSyntaxTree tree, Builder.Parser.Text.TextSpan span) => tree.Text.ToString(span);

    [Fact]
    public void Token_spans_cross_continuation_lines_exactly()
    {
        var tree = Parse("FROM a\nRUN echo one \\\n    two\n");
        var run = tree.Instructions[1];
        Assert.Equal("echo one     two", run.Arguments[0].Value);
        Assert.Equal("echo one \\\n    two", At(tree, run.Arguments[0].Span));
        Assert.Equal(2, run.Lines.Length);
        Assert.Equal(LineKind.Continuation, run.Lines[1].Kind);
    }

    [Fact]
    public void Escape_directive_switches_the_continuation_character()
    {
        var tree = Parse("# escape=`\nFROM a\nRUN dir c:\\ `\n  /b\n");
        Assert.Equal('`', tree.EscapeToken);
        Assert.Equal("dir c:\\   /b", tree.Instructions[1].Arguments[0].Value);
        Assert.Equal("`", tree.GetDirective("escape"));
    }

    [Fact]
    public void Directives_stop_at_the_first_other_line()
    {
        var tree = Parse("# syntax=a\n\n# escape=`\nFROM a\n");
        Assert.Single(tree.Directives);
        Assert.Equal('\\', tree.EscapeToken);
        Assert.IsType<CommentSyntax>(tree.Nodes[2]);
    }

    [Fact]
    public void Duplicate_directive_is_an_error_at_its_line()
    {
        var tree = Parse("# syntax=a\n# SYNTAX=b\nFROM a\n");
        var error = Assert.Single(tree.Diagnostics);
        Assert.Equal(ParserDiagnostics.DuplicateDirective, error.Descriptor);
        Assert.Equal(2, tree.Text.GetLinePosition(error.Span.Start).Line);
    }

    [Fact]
    public void Invalid_escape_value_is_an_error_on_the_value()
    {
        var tree = Parse("# escape=x\nFROM a\n");
        var error = Assert.Single(tree.Diagnostics);
        Assert.Equal(ParserDiagnostics.InvalidEscapeToken, error.Descriptor);
        Assert.Equal("x", At(tree, error.Span));
    }

    [Fact]
    public void Bom_is_kept_and_does_not_hide_a_directive()
    {
        var tree = Parse("\uFEFF# escape=`\nFROM a\n");
        Assert.IsType<ByteOrderMarkSyntax>(tree.Nodes[0]);
        Assert.Equal('`', tree.EscapeToken);
        Assert.Equal("\uFEFF# escape=`\nFROM a\n", tree.ToFullString());
    }

    [Fact]
    public void Crlf_input_round_trips_and_values_have_no_cr()
    {
        const string text = "FROM a\r\nRUN x \\\r\n  y\r\nCOPY <<EOF /f\r\nline\r\nEOF\r\n";
        var tree = Parse(text);
        Assert.Equal(text, tree.ToFullString());
        Assert.Equal("x   y", tree.Instructions[1].Arguments[0].Value);
        Assert.Equal("line\r\n", tree.Instructions[2].Heredocs[0].Content);
        ParserConformanceTests.AssertTiles(tree);
    }

    [Fact]
    public void Unterminated_heredoc_points_at_its_opener()
    {
        var tree = Parse("FROM a\nRUN <<EOF\necho\n");
        var error = Assert.Single(tree.Diagnostics);
        Assert.Equal(ParserDiagnostics.UnterminatedHeredoc, error.Descriptor);
        Assert.Equal("<<EOF", At(tree, error.Span));
        Assert.Equal("FROM a\nRUN <<EOF\necho\n", tree.ToFullString());
    }

    [Fact]
    public void Several_heredocs_are_read_in_order_with_fd_and_chomp()
    {
        var tree = Parse("FROM a\nRUN 3<<A <<-'B' cat\none\nA\n\ttwo\n\tB\n");
        var heredocs = tree.Instructions[1].Heredocs;
        Assert.Equal(["A", "B"], heredocs.Select(h => h.Name));
        Assert.Equal(3, heredocs[0].FileDescriptor);
        Assert.True(heredocs[0].Expand);
        Assert.False(heredocs[1].Expand);
        Assert.True(heredocs[1].Chomp);
        Assert.Equal("\ttwo\n", heredocs[1].Content);
        Assert.Equal("two\n", heredocs[1].ChompedContent);
    }

    [Fact]
    public void Comment_inside_continuation_is_kept_as_a_line_not_in_the_value()
    {
        var tree = Parse("FROM a\nRUN a \\\n# note\n  b\n");
        var run = tree.Instructions[1];
        Assert.Equal("a   b", run.Arguments[0].Value);
        Assert.Equal([LineKind.Instruction, LineKind.Comment, LineKind.Continuation], run.Lines.Select(l => l.Kind));
    }

    [Fact]
    public void Json_exec_form_and_invalid_json_fallback()
    {
        var tree = Parse("FROM a\nCMD [\"a\", \"b\"]\nCMD [\"a\" \"b\"]\n");
        Assert.True(tree.Instructions[1].IsJson);
        Assert.Equal("\"a\"", At(tree, tree.Instructions[1].Arguments[0].Span));
        Assert.False(tree.Instructions[2].IsJson);
        Assert.Equal("[\"a\" \"b\"]", tree.Instructions[2].Arguments[0].Value);
    }

    [Fact]
    public void Flag_spans_cover_quoted_values()
    {
        var tree = Parse("FROM a\nCOPY --chown=\"a b\" x y\n");
        var flag = Assert.Single(tree.Instructions[1].Flags);
        Assert.Equal("--chown=a b", flag.Value);
        Assert.Equal("--chown=\"a b\"", At(tree, flag.Span));
    }

    [Fact]
    public void Raw_bytes_dump_as_hex_like_go()
    {
        byte[] bytes = [.. "FROM a\nRUN echo "u8, 0xC2, 0xA0, (byte)'x', 0xE2, 0x80, 0x8B, (byte)'y', 0x01, 0x7F, 0xFF, (byte)'\n'];
        var tree = DockerfileSyntaxTree.Parse(Builder.Parser.Text.SourceText.From(bytes));
        Assert.Equal("(from \"a\")\n(run \"echo \\u00a0x\\u200by\\x01\\x7f\\xff\")", tree.Dump());
        Assert.Equal(bytes, Builder.Parser.Text.SourceText.From(tree.ToFullString()).ToBytes());
    }
}
