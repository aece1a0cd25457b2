using Builder.Parser.Text;

namespace Builder.Parser.Syntax;

/// <summary>
/// A top-level piece of a Dockerfile. The top-level nodes of a tree tile the whole text with no
/// gap or overlap, which is what makes the tree lossless.
/// </summary>
public abstract record SyntaxNode(TextSpan FullSpan);

/// <summary>The UTF-8 byte-order mark at the very start of a file.</summary>
public sealed record ByteOrderMarkSyntax(TextSpan FullSpan) : SyntaxNode(FullSpan);

/// <summary>A parser directive such as <c># escape=`</c>; <see cref="Name"/> is lowercased.</summary>
public sealed record DirectiveSyntax(TextSpan FullSpan, string Name, SyntaxToken Key, SyntaxToken Value) : SyntaxNode(FullSpan);

/// <summary>A comment line outside an instruction. <see cref="Text"/> is the text after <c>#</c>, trimmed.</summary>
public sealed record CommentSyntax(TextSpan FullSpan, TextSpan Span, string Text) : SyntaxNode(FullSpan);

/// <summary>A line that is empty or holds only whitespace (or only an escape character).</summary>
public sealed record BlankLineSyntax(TextSpan FullSpan) : SyntaxNode(FullSpan);

/// <summary>The role a physical line plays inside an instruction.</summary>
public enum LineKind
{
    /// <summary>The first line, holding the keyword.</summary>
    Instruction,

    /// <summary>A line appended to the instruction after an escape character.</summary>
    Continuation,

    /// <summary>A comment line inside a continued instruction; dropped from the logical line.</summary>
    Comment,

    /// <summary>A blank line inside a continued instruction (warned about).</summary>
    EmptyContinuation,

    /// <summary>A line of a here-document body.</summary>
    HeredocBody,

    /// <summary>The line that ends a here-document.</summary>
    HeredocTerminator,
}

/// <summary>One physical line of an instruction, line break included.</summary>
public readonly record struct LineSyntax(LineKind Kind, TextSpan FullSpan);
