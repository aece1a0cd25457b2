namespace Builder.Parser.Ignore;

/// <summary>
/// One compiled pattern of a <see cref="PatternMatcher"/>. Compilation happens once, up front;
/// matching never allocates for clean paths and is safe from several threads at once.
/// </summary>
public sealed class Pattern
{
    private readonly Re2Program? _program;
    private readonly string _literal; // Exact: the pattern; Prefix: before "**"; Suffix: after "**"
    private readonly bool _suffixAfterBom;

    private Pattern(string cleaned, bool exclusion, int sourceIndex, string source)
    {
        CleanedPattern = cleaned;
        Exclusion = exclusion;
        SourceIndex = sourceIndex;
        Source = source;
        DirCount = Count(cleaned, '/') + 1;
        Regex = PatternCompiler.Compile(cleaned, '/', out var type);
        MatchType = type;
        _literal = cleaned;
        switch (type)
        {
            case PatternMatchType.Prefix:
                _literal = cleaned.Substring(0, cleaned.Length - 2);
                break;
            case PatternMatchType.Suffix:
                // Upstream drops the first two *bytes*. Those are "**", unless the pattern starts
                // with a byte order mark: then the suffix is the mark's last byte (0xBF) followed
                // by everything after the mark.
                _suffixAfterBom = cleaned[0] == '\uFEFF';
                _literal = cleaned.Substring(_suffixAfterBom ? 1 : 2);
                break;
            case PatternMatchType.Regexp:
                _program = Re2Program.Compile(Regex, out string? error);
                if (error is not null)
                {
                    MatchError = new PatternError(
                        PatternErrorKind.BadPattern,
                        sourceIndex,
                        source,
                        PatternError.SyntaxErrorMessage,
                        $"the pattern becomes the regular expression {Regex}, which is invalid: {error}");
                }

                break;
        }
    }

    /// <summary>The pattern after trimming, cleaning and removing a leading <c>!</c>.</summary>
    public string CleanedPattern { get; }

    /// <summary>True for a <c>!</c> pattern, which re-includes what earlier patterns excluded.</summary>
    public bool Exclusion { get; }

    /// <summary>Index of the pattern in the sequence the matcher was created from.</summary>
    public int SourceIndex { get; }

    /// <summary>The pattern as it was given.</summary>
    public string Source { get; }

    /// <summary>
    /// Not null when every attempt to match this pattern fails. That happens when the pattern passes
    /// Go's glob syntax check but turns into an invalid regular expression (for example the reversed
    /// range of <c>[Local-Only]</c>); upstream reports it on each match call, and so does this class.
    /// </summary>
    public PatternError? MatchError { get; }

    internal PatternMatchType MatchType { get; }

    /// <summary>The RE2 expression for <see cref="PatternMatchType.Regexp"/>, otherwise empty.</summary>
    internal string Regex { get; }

    /// <summary>The number of slash-separated elements, used by the deprecated <c>Matches</c>.</summary>
    internal int DirCount { get; }

    public override string ToString() => CleanedPattern;

    /// <summary>
    /// Applies patternmatcher's preprocessing to one entry: trim, skip blanks (returns null with no
    /// error), <c>filepath.Clean</c>, split off <c>!</c>, check the glob syntax.
    /// </summary>
    internal static PatternError? TryCreate(string source, int index, out Pattern? pattern)
    {
        pattern = null;
        string p = GoPath.TrimSpace(source);
        if (p.Length == 0)
        {
            return null;
        }

        p = GoPath.Clean(p);
        bool exclusion = p[0] == '!';
        if (exclusion)
        {
            if (p.Length == 1)
            {
                return new PatternError(
                    PatternErrorKind.IllegalExclusion,
                    index,
                    source,
                    PatternError.IllegalExclusionMessage,
                    "'!' must be followed by the pattern to re-include");
            }

            p = p.Substring(1);
        }

        string? syntax = GoGlobSyntax.Check(p);
        if (syntax is not null)
        {
            return new PatternError(PatternErrorKind.BadPattern, index, source, PatternError.SyntaxErrorMessage, syntax);
        }

        pattern = new Pattern(p, exclusion, index, source);
        return null;
    }

    /// <summary>Matches one path (or parent prefix). False with an error when the pattern is unusable.</summary>
    internal bool TryMatch(ReadOnlySpan<char> path, out bool matched)
    {
        switch (MatchType)
        {
            case PatternMatchType.Exact:
                matched = path.SequenceEqual(_literal.AsSpan());
                return true;
            case PatternMatchType.Prefix:
                matched = path.StartsWith(_literal.AsSpan());
                return true;
            case PatternMatchType.Suffix:
                matched = _suffixAfterBom ? EndsWithAfterBomByte(path) : MatchesSuffix(path);
                return true;
            default:
                matched = _program is not null && _program.IsMatch(path);
                return _program is not null;
        }
    }

    private bool MatchesSuffix(ReadOnlySpan<char> path)
    {
        var suffix = _literal.AsSpan();
        if (path.EndsWith(suffix))
        {
            return true;
        }

        // "**/foo" also matches "foo" itself.
        return suffix.Length > 0 && suffix[0] == '/' && path.SequenceEqual(suffix.Slice(1));
    }

    // The suffix is the byte 0xBF followed by _literal: the character before _literal in the path
    // must be one whose UTF-8 encoding ends in 0xBF.
    private bool EndsWithAfterBomByte(ReadOnlySpan<char> path)
    {
        var rest = _literal.AsSpan();
        int before = path.Length - rest.Length - 1;
        if (before < 0 || !path.EndsWith(rest))
        {
            return false;
        }

        int cp = path[before];
        if (char.IsLowSurrogate(path[before]) && before > 0 && char.IsHighSurrogate(path[before - 1]))
        {
            cp = char.ConvertToUtf32(path[before - 1], path[before]);
        }
        else if (char.IsSurrogate(path[before]))
        {
            return path[before] == '\uDCBF'; // the raw byte 0xBF itself
        }

        return cp >= 0x80 && (cp & 0x3F) == 0x3F;
    }

    private static int Count(string s, char c)
    {
        int n = 0;
        foreach (char ch in s)
        {
            if (ch == c)
            {
                n++;
            }
        }

        return n;
    }
}
