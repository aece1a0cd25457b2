using System.Collections.Immutable;

namespace Builder.Parser.Shell;

/// <summary>
/// Why a word could not be processed. <paramref name="Offset"/> is the UTF-16 index into the
/// processed word where the problem starts (for example the opening quote of an unterminated
/// string, or the <c>$</c> of a bad <c>${...}</c>).
/// </summary>
public sealed record ShellError(string Message, int Offset);

/// <summary>
/// The result of <see cref="ShellLexer.ProcessWord"/>: the expanded text, which variable names were
/// looked up and found (<paramref name="Matched"/>) or not found (<paramref name="Unmatched"/>),
/// and the error, if any. On error <paramref name="Value"/> is empty.
/// </summary>
public sealed record ShellWordResult(
    string Value,
    ImmutableHashSet<string> Matched,
    ImmutableHashSet<string> Unmatched,
    ShellError? Error)
{
    public bool Success => Error is null;
}

/// <summary>
/// The result of <see cref="ShellLexer.ProcessWords"/>: the expanded text split into words. On
/// error <paramref name="Words"/> is empty.
/// </summary>
public sealed record ShellWordsResult(
    ImmutableArray<string> Words,
    ImmutableHashSet<string> Matched,
    ImmutableHashSet<string> Unmatched,
    ShellError? Error)
{
    public bool Success => Error is null;
}
