namespace Builder.Parser.Ignore;

/// <summary>What kind of problem a <see cref="PatternError"/> reports.</summary>
public enum PatternErrorKind
{
    /// <summary>A pattern that is only <c>!</c>: an exclusion of nothing.</summary>
    IllegalExclusion,

    /// <summary>
    /// A pattern Go's <c>filepath.Match</c> rejects (found when the matcher is built), or one that
    /// passes that check but compiles to an invalid regular expression (found when it is matched).
    /// </summary>
    BadPattern,
}

/// <summary>
/// A pattern problem, as a value. <see cref="Message"/> is patternmatcher's error text
/// (<c>syntax error in pattern</c> or <c>illegal exclusion pattern: "!"</c>) so output can be
/// compared with Docker's; <see cref="Detail"/> says what exactly is wrong, for people.
/// </summary>
/// <param name="Kind">The kind of problem.</param>
/// <param name="PatternIndex">Index of the pattern in the sequence given to <see cref="PatternMatcher.Create"/>, blank entries included.</param>
/// <param name="Pattern">The pattern as it was given.</param>
/// <param name="Message">patternmatcher's error message.</param>
/// <param name="Detail">A specific explanation.</param>
public sealed record PatternError(PatternErrorKind Kind, int PatternIndex, string Pattern, string Message, string Detail)
{
    internal const string SyntaxErrorMessage = "syntax error in pattern";
    internal const string IllegalExclusionMessage = "illegal exclusion pattern: \"!\"";

    public override string ToString() => $"{Message} (pattern {PatternIndex}: \"{Pattern}\": {Detail})";
}

/// <summary>
/// The answer of a match call: whether the path is matched (excluded from the context), or the
/// error patternmatcher would return. <see cref="IsMatch"/> is false whenever there is an error.
/// </summary>
public readonly record struct MatchResult(bool IsMatch, PatternError? Error)
{
    public bool IsError => Error is not null;

    internal static MatchResult From(bool matched) => new(matched, null);

    internal static MatchResult Fail(PatternError error) => new(false, error);
}

/// <summary>
/// Per-pattern results for a directory, handed to
/// <see cref="PatternMatcher.MatchesUsingParentResults"/> for its children while walking a tree.
/// The default value means "no information about the parent".
/// </summary>
public readonly struct MatchInfo
{
    private readonly bool[]? _parentMatched;

    internal MatchInfo(bool[] parentMatched) => _parentMatched = parentMatched;

    public static MatchInfo Empty => default;

    /// <summary>True when no per-pattern results are carried.</summary>
    public bool IsEmpty => Count == 0;

    /// <summary>The number of per-pattern results: 0 or the number of patterns.</summary>
    public int Count => _parentMatched?.Length ?? 0;

    /// <summary>Whether pattern <paramref name="index"/> matched the path or one of its parents.</summary>
    public bool this[int index] => _parentMatched is not null ? _parentMatched[index] : throw new ArgumentOutOfRangeException(nameof(index));

    internal bool[]? Raw => _parentMatched;
}

/// <summary>Either a <see cref="PatternMatcher"/> or the <see cref="PatternError"/> that stopped it.</summary>
public sealed class PatternMatcherResult
{
    private readonly PatternMatcher? _matcher;

    internal PatternMatcherResult(PatternMatcher matcher) => _matcher = matcher;

    internal PatternMatcherResult(PatternError error) => Error = error;

    public bool Succeeded => _matcher is not null;

    /// <summary>The error, when building the matcher failed.</summary>
    public PatternError? Error { get; }

    /// <summary>The matcher. Check <see cref="Succeeded"/> first: this throws when there is none.</summary>
    public PatternMatcher Matcher =>
        _matcher ?? throw new InvalidOperationException($"The patterns did not compile: {Error}");
}
