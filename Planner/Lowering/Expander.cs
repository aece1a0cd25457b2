using System.Collections.Immutable;
using Builder.Parser.Diagnostics;
using Builder.Parser.Shell;
using Builder.Parser.Syntax;
using Builder.Parser.Text;

namespace Builder.Planner.Lowering;

/// <summary>Shell-word expansion of instruction values; a failure becomes a BLD3001 at the token.</summary>
internal sealed class Expander(ShellLexer lexer, ImmutableArray<Diagnostic>.Builder diagnostics)
{
    public ShellLexer Lexer => lexer;

    /// <summary>The expanded word, or null after reporting the error.</summary>
    public string? Word(SyntaxToken token, IShellEnvironment env) => Word(token.Value, token.Span, env);

    public string? Word(string text, TextSpan span, IShellEnvironment env)
    {
        var result = lexer.ProcessWord(text, env);
        if (result.Error is { } error)
        {
            diagnostics.Add(Diagnostic.Create(PlannerDiagnostics.ExpansionFailed, Narrow(span, text, error.Offset), text, error.Message));
            return null;
        }

        return result.Value;
    }

    /// <summary>Expanded and split into words (EXPOSE); null after reporting the error.</summary>
    public ImmutableArray<string>? Words(SyntaxToken token, IShellEnvironment env)
    {
        var result = lexer.ProcessWords(token.Value, env);
        if (result.Error is { } error)
        {
            diagnostics.Add(Diagnostic.Create(PlannerDiagnostics.ExpansionFailed, Narrow(token.Span, token.Value, error.Offset), token.Value, error.Message));
            return null;
        }

        return result.Words;
    }

    public void Report(DiagnosticDescriptor descriptor, TextSpan span, params object?[] args) =>
        diagnostics.Add(Diagnostic.Create(descriptor, span, args));

    /// <summary>Points at the error's offset when the token's text is its source text, else the whole token.</summary>
    private static TextSpan Narrow(TextSpan span, string text, int offset) =>
        span.Length == text.Length && offset >= 0 && offset < text.Length
            ? TextSpan.FromBounds(span.Start + offset, span.End)
            : span;
}
