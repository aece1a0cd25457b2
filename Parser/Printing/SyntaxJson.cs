using Builder.Parser.Diagnostics;
using Builder.Parser.Syntax;
using Builder.Parser.Text;

namespace Builder.Parser.Printing;

/// <summary>
/// The JSON projection of a syntax tree (<c>builder parse --format json</c>): directives,
/// instructions with one-based positions, and diagnostics. Stable field names; a contract for
/// scripts, so new fields are only ever added.
/// </summary>
public static class SyntaxJson
{
    public static string Write(DockerfileSyntaxTree tree, IEnumerable<Diagnostic> diagnostics)
    {
        var json = new JsonText().StartObject();
        json.Property("file", tree.Text.Path);
        json.Property("escape", tree.EscapeToken.ToString());
        json.Name("directives").StartArray();
        foreach (var d in tree.Directives)
        {
            json.StartObject().Property("name", d.Name).Property("value", d.Value.Value);
            Position(json, tree.Text, TextSpan.FromBounds(d.FullSpan.Start, d.Value.Span.End));
            json.EndObject();
        }

        json.EndArray();
        json.Name("instructions").StartArray();
        foreach (var instruction in tree.Instructions)
        {
            Instruction(json, tree.Text, instruction);
        }

        json.EndArray();
        json.Name("diagnostics").StartArray();
        foreach (var d in diagnostics)
        {
            Diagnostic(json, tree.Text, d);
        }

        json.EndArray();
        return json.EndObject().ToString() + "\n";
    }

    internal static void Diagnostic(JsonText json, SourceText text, Diagnostic d)
    {
        var start = text.GetLinePosition(d.Span.Start);
        var end = text.GetLinePosition(d.Span.End);
        json.StartObject()
            .Property("id", d.Id)
            .Property("severity", d.Severity.ToString().ToLowerInvariant())
            .Property("message", d.Message)
            .Property("line", start.Line)
            .Property("column", start.Column)
            .Property("endLine", end.Line)
            .Property("endColumn", end.Column)
            .Property("help", d.HelpLink)
            .EndObject();
    }

    private static void Instruction(JsonText json, SourceText text, InstructionSyntax instruction)
    {
        json.StartObject()
            .Property("keyword", instruction.Keyword.Value)
            .Property("command", instruction.Command);
        Position(json, text, instruction.Span);
        json.Property("form", FormName(instruction.Form));
        Tokens(json, text, "flags", instruction.Flags);
        Tokens(json, text, "arguments", instruction.Arguments);
        if (!instruction.Heredocs.IsEmpty)
        {
            json.Name("heredocs").StartArray();
            foreach (var h in instruction.Heredocs)
            {
                json.StartObject()
                    .Property("name", h.Name)
                    .Property("expand", h.Expand)
                    .Property("chomp", h.Chomp)
                    .Property("fileDescriptor", h.FileDescriptor)
                    .Property("content", h.Content);
                Position(json, text, h.BodySpan);
                json.EndObject();
            }

            json.EndArray();
        }

        if (instruction.Child is not null)
        {
            json.Name("child");
            Instruction(json, text, instruction.Child);
        }

        json.EndObject();
    }

    private static void Tokens(JsonText json, SourceText text, string name, System.Collections.Immutable.ImmutableArray<SyntaxToken> tokens)
    {
        json.Name(name).StartArray();
        foreach (var t in tokens)
        {
            json.StartObject().Property("value", t.Value);
            Position(json, text, t.Span);
            json.EndObject();
        }

        json.EndArray();
    }

    private static void Position(JsonText json, SourceText text, TextSpan span)
    {
        var start = text.GetLinePosition(span.Start);
        var end = text.GetLinePosition(span.End);
        json.Property("line", start.Line).Property("column", start.Column).Property("endLine", end.Line).Property("endColumn", end.Column);
    }

    internal static string FormName(ArgumentForm form) => form switch
    {
        ArgumentForm.None => "none",
        ArgumentForm.Json => "json",
        ArgumentForm.String => "string",
        ArgumentForm.WhitespaceList => "list",
        ArgumentForm.Words => "words",
        ArgumentForm.KeyValue => "key-value",
        ArgumentForm.LegacyKeyValue => "legacy-key-value",
        ArgumentForm.HealthCheck => "healthcheck",
        ArgumentForm.SubInstruction => "instruction",
        _ => "ignored",
    };
}
