using Builder.Parser.Text;

namespace Builder.Parser.Syntax;

/// <summary>
/// A value the parser extracted, with the source span it came from. The value can differ from
/// the source text: continuation lines are joined, JSON strings decoded, flag quotes removed.
/// A value that spans a line continuation has a span that covers both lines.
/// </summary>
public readonly record struct SyntaxToken(string Value, TextSpan Span)
{
    public override string ToString() => Value;
}
