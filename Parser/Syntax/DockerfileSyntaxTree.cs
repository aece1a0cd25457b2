using System.Collections.Immutable;
using System.Text;
using Builder.Parser.Diagnostics;
using Builder.Parser.Syntax.Internal;
using Builder.Parser.Text;

namespace Builder.Parser.Syntax;

/// <summary>
/// The lossless syntax tree of a Dockerfile. <see cref="Nodes"/> tile the text, so
/// <see cref="ToFullString"/> gives back the input exactly; <see cref="Instructions"/>,
/// <see cref="Directives"/> and <see cref="Diagnostics"/> are views for consumers.
/// </summary>
public sealed class DockerfileSyntaxTree
{
    internal DockerfileSyntaxTree(
        SourceText text,
        ImmutableArray<SyntaxNode> nodes,
        char escapeToken,
        ImmutableArray<Diagnostic> diagnostics)
    {
        Text = text;
        Nodes = nodes;
        EscapeToken = escapeToken;
        Diagnostics = diagnostics;
        Instructions = OfType<InstructionSyntax>(nodes);
        Directives = OfType<DirectiveSyntax>(nodes);
    }

    public SourceText Text { get; }

    public ImmutableArray<SyntaxNode> Nodes { get; }

    public ImmutableArray<InstructionSyntax> Instructions { get; }

    public ImmutableArray<DirectiveSyntax> Directives { get; }

    /// <summary>The escape character in effect (<c>\</c> unless <c># escape=`</c>).</summary>
    public char EscapeToken { get; }

    public ImmutableArray<Diagnostic> Diagnostics { get; }

    public bool HasErrors => Diagnostics.Any(d => d.IsError);

    public static DockerfileSyntaxTree Parse(SourceText text) => new SyntaxParser(text).Parse();

    public static DockerfileSyntaxTree Parse(string text, string path = "Dockerfile") => Parse(SourceText.From(text, path));

    /// <summary>The value of a parser directive (<c>syntax</c>, <c>escape</c>, <c>check</c>), or null.</summary>
    public string? GetDirective(string name)
    {
        foreach (var d in Directives)
        {
            if (string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return d.Value.Value;
            }
        }

        return null;
    }

    // Counts first so the array is allocated once at its final size (LINQ's ToImmutableArray grows
    // a builder); a file without directives gets the shared empty array.
    private static ImmutableArray<T> OfType<T>(ImmutableArray<SyntaxNode> nodes)
        where T : SyntaxNode
    {
        int count = 0;
        foreach (var node in nodes)
        {
            if (node is T)
            {
                count++;
            }
        }

        if (count == 0)
        {
            return ImmutableArray<T>.Empty;
        }

        var builder = ImmutableArray.CreateBuilder<T>(count);
        foreach (var node in nodes)
        {
            if (node is T t)
            {
                builder.Add(t);
            }
        }

        return builder.MoveToImmutable();
    }

    /// <summary>The text the tree was parsed from, rebuilt from its nodes.</summary>
    public string ToFullString()
    {
        var sb = new StringBuilder(Text.Length);
        foreach (var node in Nodes)
        {
            sb.Append(Text.Text, node.FullSpan.Start, node.FullSpan.Length);
        }

        return sb.ToString();
    }

    /// <summary>BuildKit's parser dump (<c>Node.Dump()</c>), one line per instruction.</summary>
    public string Dump() => BuildKitDump.Dump(this);

    /// <summary>One-based first and last line of an instruction, as BuildKit numbers them.</summary>
    public (int StartLine, int EndLine) GetLineRange(SyntaxNode node)
    {
        int start = Text.GetLinePosition(node.FullSpan.Start).Line;
        int endOffset = Math.Max(node.FullSpan.Start, node.FullSpan.End - 1);
        int end = Text.GetLinePosition(endOffset).Line;
        return (start, end);
    }
}
