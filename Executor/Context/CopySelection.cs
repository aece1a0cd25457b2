using System.Collections.Immutable;
using Builder.Cache.Context;
using Builder.Parser.Ignore;

namespace Builder.Executor.Context;

/// <summary>
/// What one COPY/ADD source selects, with <c>--exclude</c> and <c>--parents</c> applied, shared by
/// the digest (so an edit to an excluded file keeps the key) and the copy.
/// </summary>
/// <remarks>
/// Exclude patterns are <c>.dockerignore</c>-style and, as in BuildKit's copier, relative to the
/// copy's source root: the matched directory (its contents are copied), a matched file's name, or
/// with <c>--parents</c> the pivot (the part before <c>/./</c>, else the context root). An
/// excluded directory excludes everything below it unless a <c>!</c> pattern re-includes it.
/// </remarks>
public static class CopySelection
{
    /// <summary>
    /// Splits a source at its <c>/./</c> pivot: (<c>x</c>, <c>x/y/*.txt</c>) for <c>./x/./y/*.txt</c>;
    /// without a pivot, (<c>""</c>, the cleaned path). Paths are relative, <c>.</c> for the root.
    /// </summary>
    public static (string Pivot, string Path) SplitPivot(string source)
    {
        var s = source.Replace('\\', '/');
        int at = s.IndexOf("/./", StringComparison.Ordinal);
        if (at < 0)
        {
            return (string.Empty, Clean(s));
        }

        var pivot = Clean(s[..at]);
        pivot = pivot == "." ? string.Empty : pivot;
        return (pivot, Clean(s));
    }

    /// <summary>The matches of <paramref name="source"/>, each with its excluded entries removed (an excluded match is dropped).</summary>
    public static ImmutableArray<ContextMatch> Select(BuildContext context, string source, ImmutableArray<string> excludes, bool parents)
    {
        var (pivot, path) = parents ? SplitPivot(source) : (string.Empty, Clean(source));
        var matches = context.Resolve(path);
        if (excludes.IsEmpty)
        {
            return matches;
        }

        var created = PatternMatcher.Create(excludes);
        if (!created.Succeeded)
        {
            throw new ArgumentException($"invalid --exclude pattern: {string.Join(", ", excludes)}");
        }

        var matcher = created.Matcher;
        var result = ImmutableArray.CreateBuilder<ContextMatch>();
        foreach (var match in matches)
        {
            string Relative(ContextEntry e) => parents
                ? Under(pivot, e.Path)
                : match.Root is null ? e.Path : match.Root.IsDirectory ? Under(match.Root.Path, e.Path) : Path.GetFileName(e.Path);

            if (match.Root is { } root && (!root.IsDirectory || parents) && matcher.MatchesOrParentMatches(Relative(root)).IsMatch)
            {
                continue;
            }

            result.Add(match with { Below = match.Below.Where(e => !matcher.MatchesOrParentMatches(Relative(e)).IsMatch).ToImmutableArray() });
        }

        return result.ToImmutable();
    }

    /// <summary><paramref name="path"/> relative to <paramref name="dir"/> (<c>""</c> = the context root).</summary>
    public static string Under(string dir, string path) =>
        dir.Length == 0 ? path : path.Length > dir.Length ? path[(dir.Length + 1)..] : string.Empty;

    private static string Clean(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }
            }
            else if (part != ".")
            {
                parts.Add(part);
            }
        }

        return parts.Count == 0 ? "." : string.Join('/', parts);
    }
}
