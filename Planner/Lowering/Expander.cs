using System.Collections.Immutable;
using Builder.Parser.Diagnostics;
using Builder.Parser.Shell;
using Builder.Parser.Syntax;
using Builder.Parser.Text;

namespace Builder.Planner.Lowering;

/// <summary>Shell-word expansion of instruction values; a failure becomes a BLD3001 at the token.</summary>
internal sealed class Expander(ShellLexer lexer, ImmutableArray<Diagnostic>.Builder diagnostics)
{
    private (TextSpan Span, string Prefix)? _redirect;

    public ShellLexer Lexer => lexer;

    /// <summary>
    /// Until disposed, every diagnostic points at <paramref name="span"/> with <paramref name="prefix"/>
    /// before its message: instructions that are not in the Dockerfile's text (a base image's
    /// ONBUILD triggers) report at the line that brought them in.
    /// </summary>
    public IDisposable Redirect(TextSpan span, string prefix)
    {
        var previous = _redirect;
        _redirect = (span, prefix);
        return new Restore(() => _redirect = previous);
    }

    public void Add(Diagnostic diagnostic) =>
        diagnostics.Add(_redirect is { } r ? diagnostic with { Span = r.Span, Message = r.Prefix + diagnostic.Message } : diagnostic);

    /// <summary>The expanded word, or null after reporting the error.</summary>
    public string? Word(SyntaxToken token, IShellEnvironment env) => Word(token.Value, token.Span, env);

    public string? Word(string text, TextSpan span, IShellEnvironment env)
    {
        var result = lexer.ProcessWord(text, env);
        if (result.Error is { } error)
        {
            Add(Diagnostic.Create(PlannerDiagnostics.ExpansionFailed, Narrow(span, text, error.Offset), text, error.Message));
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
            Add(Diagnostic.Create(PlannerDiagnostics.ExpansionFailed, Narrow(token.Span, token.Value, error.Offset), token.Value, error.Message));
            return null;
        }

        return result.Words;
    }

    public void Report(DiagnosticDescriptor descriptor, TextSpan span, params object?[] args) =>
        Add(Diagnostic.Create(descriptor, span, args));

    /// <summary>Points at the error's offset when the token's text is its source text, else the whole token.</summary>
    private static TextSpan Narrow(TextSpan span, string text, int offset) =>
        span.Length == text.Length && offset >= 0 && offset < text.Length
            ? TextSpan.FromBounds(span.Start + offset, span.End)
            : span;

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}
