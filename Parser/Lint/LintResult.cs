using System.Collections.Immutable;
using Builder.Parser.Diagnostics;
using Builder.Parser.Text;

namespace Builder.Parser.Lint;

/// <summary>
/// The outcome of a lint run: rule findings, and the parser's own diagnostics (a Dockerfile that
/// does not parse still gets the findings before its error, as BuildKit reports them).
/// </summary>
public sealed record LintResult(
    SourceText Text,
    ImmutableArray<Diagnostic> Findings,
    ImmutableArray<Diagnostic> ParseDiagnostics,
    string? ViolationError)
{
    /// <summary>Parser diagnostics and findings, in source order.</summary>
    public ImmutableArray<Diagnostic> All =>
        ParseDiagnostics.Concat(Findings).OrderBy(d => d.Span.Start).ThenBy(d => d.Id, StringComparer.Ordinal).ToImmutableArray();

    /// <summary>The rule of a finding (null for parser diagnostics).</summary>
    public static LintRule? RuleOf(Diagnostic diagnostic) =>
        diagnostic.Id.StartsWith("BLD2", StringComparison.Ordinal) ? LintRules.Find(diagnostic.Id) : null;
}
