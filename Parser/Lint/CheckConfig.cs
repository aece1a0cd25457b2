using System.Collections.Immutable;

namespace Builder.Parser.Lint;

/// <summary>
/// A <c># check=</c> value: <c>skip=NAME,NAME|all;error=BOOL;experimental=NAME,...|all</c>. Names
/// are rule names or ids, compared case-insensitively. Text after the first space is a comment.
/// </summary>
public sealed record CheckConfig(
    ImmutableHashSet<string> Skip,
    bool SkipAll,
    bool Error,
    ImmutableHashSet<string> Experimental,
    bool ExperimentalAll)
{
    public static CheckConfig Default { get; } = new(
        ImmutableHashSet<string>.Empty.WithComparer(StringComparer.OrdinalIgnoreCase), false, false,
        ImmutableHashSet<string>.Empty.WithComparer(StringComparer.OrdinalIgnoreCase), false);

    /// <summary>Parses a directive value; unknown keys and malformed parts are ignored, as BuildKit's frontend ignores them.</summary>
    public static CheckConfig Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return Default;
        }

        string text = value!.Trim();
        int space = text.IndexOfAny([' ', '\t']);
        if (space >= 0)
        {
            text = text.Substring(0, space);
        }

        var config = Default;
        foreach (var part in text.Split(';'))
        {
            int eq = part.IndexOf('=');
            if (eq < 0)
            {
                continue;
            }

            string key = part.Substring(0, eq).Trim().ToLowerInvariant();
            string val = part.Substring(eq + 1).Trim();
            switch (key)
            {
                case "skip":
                    var (skip, skipAll) = Names(val);
                    config = config with { Skip = skip, SkipAll = skipAll };
                    break;
                case "error":
                    config = config with { Error = string.Equals(val, "true", StringComparison.OrdinalIgnoreCase) || val == "1" };
                    break;
                case "experimental":
                    var (exp, expAll) = Names(val);
                    config = config with { Experimental = exp, ExperimentalAll = expAll };
                    break;
            }
        }

        return config;
    }

    /// <summary>Whether <paramref name="rule"/> is named in the skip list (by name or id).</summary>
    public bool Skips(LintRule rule) => SkipAll || Skip.Contains(rule.Name) || Skip.Contains(rule.Id);

    public bool EnablesExperimental(LintRule rule) =>
        ExperimentalAll || Experimental.Contains(rule.Name) || Experimental.Contains(rule.Id);

    private static (ImmutableHashSet<string> Names, bool All) Names(string list)
    {
        var names = ImmutableHashSet.CreateBuilder<string>(StringComparer.OrdinalIgnoreCase);
        bool all = false;
        foreach (var raw in list.Split(','))
        {
            string name = raw.Trim();
            if (name.Length == 0)
            {
                continue;
            }

            if (string.Equals(name, "all", StringComparison.OrdinalIgnoreCase))
            {
                all = true;
            }

            names.Add(name);
        }

        return (names.ToImmutable(), all);
    }
}
