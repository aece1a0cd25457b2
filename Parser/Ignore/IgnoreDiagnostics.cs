using Builder.Parser.Diagnostics;

namespace Builder.Parser.Ignore;

/// <summary>
/// Diagnostics for <c>.dockerignore</c> files (ids BLD1500-BLD1599). Each message says what is
/// wrong and what to do about it.
/// </summary>
public static class IgnoreDiagnostics
{
    /// <summary>BLD1500: a line that is only <c>!</c> (after cleaning).</summary>
    public static DiagnosticDescriptor ExclusionWithoutPattern { get; } = new(
        "BLD1500",
        "Exclusion without a pattern",
        DiagnosticSeverity.Error,
        "'{0}' has no pattern after '!', so Docker rejects the ignore file ('illegal exclusion pattern'); write the path to re-include after the '!' (for example '!docs/README.md') or delete the line",
        "A line starting with '!' re-includes paths that earlier lines excluded. The rest of the line, after trimming and path cleaning, is that pattern; when nothing is left the Docker CLI and BuildKit fail the build.");

    /// <summary>BLD1501: a pattern Go's <c>filepath.Match</c> rejects.</summary>
    public static DiagnosticDescriptor InvalidPattern { get; } = new(
        "BLD1501",
        "Invalid ignore pattern",
        DiagnosticSeverity.Error,
        "Pattern '{0}' is not valid: {1}; Docker fails the build with 'syntax error in pattern'. Fix the pattern, or put '\\' before a '[', ']', '-', '*', '?' or '\\' that should be matched literally",
        "Patterns follow Go's filepath.Match syntax plus '**'. Character classes must be closed, must not be empty, and may only use '-' between two characters; a trailing '\\' escapes nothing.");

    /// <summary>BLD1502: a pattern that passes the syntax check but cannot be compiled for matching.</summary>
    public static DiagnosticDescriptor PatternFailsWhenMatched { get; } = new(
        "BLD1502",
        "Ignore pattern fails when used",
        DiagnosticSeverity.Error,
        "Pattern '{0}' passes the syntax check, but matching it always fails ({1}), so the build stops at the first file it is checked against. Rewrite it: write ranges low to high ('[a-z]', not '[z-a]'), and escape only punctuation with '\\'",
        "Docker turns each pattern into a Go regular expression the first time it is used. A backslash escape is passed on to the regular expression unchanged, so '\\d' means a digit and '\\e' is an error, and a class such as '[Local-Only]' contains the reversed range 'l-O'.");

    /// <summary>BLD1503: a line too long for the Go line scanner Docker uses.</summary>
    public static DiagnosticDescriptor LineTooLong { get; } = new(
        "BLD1503",
        "Ignore-file line too long",
        DiagnosticSeverity.Error,
        "This line is {0} bytes long; Docker cannot read ignore-file lines of 65536 bytes or more and fails the build ('token too long'). Shorten the line or split the pattern",
        "The ignore file is read with Go's bufio.Scanner, whose default limit is 64 KiB per line including a carriage return.");

    /// <summary>BLD1504: a pattern that names something outside the context and can never match.</summary>
    public static DiagnosticDescriptor PatternOutsideContext { get; } = new(
        "BLD1504",
        "Ignore pattern points outside the context",
        DiagnosticSeverity.Warning,
        "Pattern '{0}' refers to a path above the build context ('..'), which is never part of the context, so it matches nothing; write the path relative to the context root or remove the line",
        "Paths in the build context are relative to its root and never start with '..'. Patterns are cleaned like paths first, so 'a/../../b' also ends up as '../b'.");
}
