using System.Collections.Immutable;

namespace Builder.Parser.Ignore;

/// <summary>
/// Decides which paths of a build context a list of <c>.dockerignore</c> patterns excludes, with
/// the semantics of github.com/moby/patternmatcher (what BuildKit and the Docker CLI use).
/// </summary>
/// <remarks>
/// <para>
/// Patterns are evaluated in order and the last one that matches wins: an ordinary pattern
/// excludes, a <c>!</c> pattern re-includes. A pattern is only evaluated when it could change the
/// answer so far. Paths are slash-separated and relative to the context root; they are used as
/// given (not cleaned) except by the static helpers. Method names follow upstream:
/// <see cref="MatchesOrParentMatches(string)"/> is what a one-off check should use, and
/// <see cref="MatchesUsingParentResults"/> is the efficient form for a tree walk.
/// </para>
/// <para>
/// Unlike upstream, every pattern is compiled when the matcher is created, and the matcher is
/// immutable, so it may be shared between threads.
/// </para>
/// </remarks>
public sealed class PatternMatcher
{
    private readonly Pattern[] _patterns;

    private PatternMatcher(Pattern[] patterns)
    {
        _patterns = patterns;
        Patterns = ImmutableArray.Create(patterns);
        foreach (var pattern in patterns)
        {
            HasExclusions |= pattern.Exclusion;
        }
    }

    /// <summary>The compiled patterns, blank entries left out.</summary>
    public ImmutableArray<Pattern> Patterns { get; }

    /// <summary>True when any pattern starts with <c>!</c> (upstream's <c>Exclusions()</c>).</summary>
    public bool HasExclusions { get; }

    /// <summary>
    /// Compiles <paramref name="patterns"/>: each is trimmed, blank ones are dropped, the rest are
    /// cleaned like paths, a leading <c>!</c> marks an exclusion, and the glob syntax is checked.
    /// The first bad pattern stops compilation and is returned as the error.
    /// </summary>
    public static PatternMatcherResult Create(IEnumerable<string> patterns)
    {
        if (patterns is null)
        {
            throw new ArgumentNullException(nameof(patterns));
        }

        var compiled = new List<Pattern>();
        int index = 0;
        foreach (string source in patterns)
        {
            if (source is null)
            {
                throw new ArgumentException($"Pattern {index} is null.", nameof(patterns));
            }

            var error = Pattern.TryCreate(source, index, out var pattern);
            if (error is not null)
            {
                return new PatternMatcherResult(error);
            }

            if (pattern is not null)
            {
                compiled.Add(pattern);
            }

            index++;
        }

        return new PatternMatcherResult(new PatternMatcher(compiled.ToArray()));
    }

    /// <summary>
    /// Upstream's package-level <c>Matches(file, patterns)</c>: builds a matcher, cleans the path,
    /// answers false for <c>.</c>, and otherwise calls the deprecated <see cref="Matches(string)"/>.
    /// </summary>
    public static MatchResult Matches(string path, IEnumerable<string> patterns)
    {
        var result = Create(patterns);
        if (!result.Succeeded)
        {
            return MatchResult.Fail(result.Error!);
        }

        path = GoPath.Clean(path);
        return path == "." ? MatchResult.From(false) : result.Matcher.Matches(path);
    }

    /// <summary>
    /// Upstream's package-level <c>MatchesOrParentMatches(file, patterns)</c>: like
    /// <see cref="Matches(string, IEnumerable{string})"/> but with the correct parent check.
    /// </summary>
    public static MatchResult MatchesOrParentMatches(string path, IEnumerable<string> patterns)
    {
        var result = Create(patterns);
        if (!result.Succeeded)
        {
            return MatchResult.Fail(result.Error!);
        }

        path = GoPath.Clean(path);
        return path == "." ? MatchResult.From(false) : result.Matcher.MatchesOrParentMatches(path);
    }

    /// <summary>
    /// Upstream's deprecated <c>Matches</c>: a pattern matches the path itself, or the parent prefix
    /// with as many elements as the pattern has. That single-prefix check is a known bug (so
    /// <c>**/b</c> misses <c>x/y/b/c</c>); it is kept for parity only.
    /// </summary>
    public MatchResult Matches(string path) => Evaluate(path, parentMatched: false, PrefixOfPatternDepthMatches);

    /// <summary>Upstream's <c>MatchesExact</c>: the patterns are applied to the path alone, no parents.</summary>
    public MatchResult MatchesExact(string path) => MatchesUsingParentResult(path, parentMatched: false);

    /// <summary>
    /// Whether <paramref name="path"/> is excluded: a pattern applies when it matches the path or
    /// any of its parent directories (<c>a</c>, <c>a/b</c>, ... of <c>a/b/c</c>).
    /// </summary>
    public MatchResult MatchesOrParentMatches(string path) => Evaluate(path, parentMatched: false, AnyParentMatches);

    /// <summary>
    /// Upstream's deprecated <c>MatchesUsingParentResult</c>: the caller passes whether the parent
    /// directory was excluded, and only the path itself is matched. It is wrong when a later
    /// exclusion names a parent (docker/buildx#850); prefer <see cref="MatchesUsingParentResults"/>.
    /// </summary>
    public MatchResult MatchesUsingParentResult(string path, bool parentMatched) => Evaluate(path, parentMatched, parentRule: null);

    // How a pattern that misses the path may still match through the path's parent directory.
    private delegate bool ParentRule(Pattern pattern, ReadOnlySpan<char> parent);

    /// <summary>
    /// The loop the match APIs share: patterns in order, each able to flip the result only when its
    /// kind (exclusion or not) could change it; a pattern that misses the path may match through the
    /// parent by <paramref name="parentRule"/> (none: the path alone counts).
    /// </summary>
    private MatchResult Evaluate(string path, bool parentMatched, ParentRule? parentRule)
    {
        bool matched = parentMatched;
        ReadOnlySpan<char> parent = default;
        bool parentKnown = false;
        foreach (var pattern in _patterns)
        {
            if (pattern.Exclusion != matched)
            {
                continue;
            }

            if (!pattern.TryMatch(path.AsSpan(), out bool match))
            {
                return MatchResult.Fail(pattern.MatchError!);
            }

            if (!match && parentRule is not null)
            {
                if (!parentKnown)
                {
                    parent = GoPath.Dir(path);
                    parentKnown = true;
                }

                match = !IsDot(parent) && parentRule(pattern, parent);
            }

            if (match)
            {
                matched = !pattern.Exclusion;
            }
        }

        return MatchResult.From(matched);
    }

    // Upstream's deprecated rule: only the parent prefix with as many elements as the pattern.
    private static bool PrefixOfPatternDepthMatches(Pattern pattern, ReadOnlySpan<char> parent)
    {
        int length = GoPath.PrefixLength(parent, pattern.DirCount);
        return length >= 0 && pattern.TryMatch(parent.Slice(0, length), out bool m) && m;
    }

    /// <summary>
    /// Whether <paramref name="path"/> is excluded, given the per-pattern results of its parent
    /// directory (from the call for the parent, or <see cref="MatchInfo.Empty"/> for a path at the
    /// top of a walk, in which case every parent prefix is checked). <paramref name="matchInfo"/>
    /// receives the results to pass to this path's children.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// <paramref name="parentInfo"/> comes from a matcher with a different number of patterns.
    /// </exception>
    public MatchResult MatchesUsingParentResults(string path, MatchInfo parentInfo, out MatchInfo matchInfo)
    {
        bool[]? parentMatched = parentInfo.Raw;
        bool haveParent = parentMatched is not null && parentMatched.Length != 0;
        if (haveParent && parentMatched!.Length != _patterns.Length)
        {
            throw new ArgumentException("wrong number of values in parentMatched", nameof(parentInfo));
        }

        var results = new bool[_patterns.Length];
        matchInfo = new MatchInfo(results);
        bool matched = false;
        ReadOnlySpan<char> parent = default;
        bool parentKnown = false;
        for (int i = 0; i < _patterns.Length; i++)
        {
            var pattern = _patterns[i];
            bool match = haveParent && parentMatched![i];
            if (!match)
            {
                if (pattern.Exclusion != matched)
                {
                    continue;
                }

                if (!pattern.TryMatch(path.AsSpan(), out match))
                {
                    return MatchResult.Fail(pattern.MatchError!);
                }

                if (!match && !haveParent)
                {
                    if (!parentKnown)
                    {
                        parent = GoPath.Dir(path);
                        parentKnown = true;
                    }

                    match = !IsDot(parent) && AnyParentMatches(pattern, parent);
                }
            }

            results[i] = match;
            if (match)
            {
                matched = !pattern.Exclusion;
            }
        }

        return MatchResult.From(matched);
    }

    // Tries every prefix "a", "a/b", ... of a cleaned directory; errors count as no match there.
    private static bool AnyParentMatches(Pattern pattern, ReadOnlySpan<char> dir)
    {
        for (int i = 0; i < dir.Length; i++)
        {
            if (dir[i] == '/' && pattern.TryMatch(dir.Slice(0, i), out bool prefixMatch) && prefixMatch)
            {
                return true;
            }
        }

        return pattern.TryMatch(dir, out bool match) && match;
    }

    private static bool IsDot(ReadOnlySpan<char> path) => path.Length == 1 && path[0] == '.';
}
