namespace Builder.Parser.Syntax;

/// <summary>
/// One <c>name=value</c> (or legacy <c>name value</c>) pair of ENV or LABEL. The value keeps its
/// quotes and escapes: they are removed by shell-word expansion, which needs the values in scope.
/// </summary>
public sealed record KeyValueSyntax(SyntaxToken Key, SyntaxToken Value, bool HasEquals);
