namespace Builder.Parser.Syntax.Internal;

/// <summary>
/// The instruction keywords BuildKit knows, as shared strings: a Dockerfile repeats a handful of
/// keywords hundreds of times, so the parser takes the keyword's text and its lowercase command
/// from here instead of allocating two small strings per instruction.
/// </summary>
internal static class KeywordTable
{
    private static readonly string[] Lower =
    [
        "add", "arg", "cmd", "copy", "entrypoint", "env", "expose", "from", "healthcheck", "label",
        "maintainer", "onbuild", "run", "shell", "stopsignal", "user", "volume", "workdir",
    ];

    private static readonly string[] Upper = Lower.Select(k => k.ToUpperInvariant()).ToArray();

    /// <summary>
    /// The keyword <c>s[start..end)</c> as written and lowercased. Known keywords spelled in ASCII
    /// come from the table; anything else (unknown words, non-ASCII letters that lowercase to
    /// ASCII, like the Kelvin sign) takes the general path, so results are the same either way.
    /// </summary>
    public static (string Text, string Command) Read(string s, int start, int end)
    {
        int length = end - start;
        for (int i = 0; i < Lower.Length; i++)
        {
            string lower = Lower[i];
            if (lower.Length == length && EqualsAsciiIgnoreCase(s, start, lower))
            {
                string text = string.CompareOrdinal(s, start, Upper[i], 0, length) == 0 ? Upper[i]
                    : string.CompareOrdinal(s, start, lower, 0, length) == 0 ? lower
                    : s.Substring(start, length);
                return (text, lower);
            }
        }

        string keyword = s.Substring(start, length);
        return (keyword, keyword.ToLowerInvariant());
    }

    // True when s[start..] spells lower (all ASCII letters) in any mix of ASCII case.
    private static bool EqualsAsciiIgnoreCase(string s, int start, string lower)
    {
        for (int i = 0; i < lower.Length; i++)
        {
            char c = s[start + i];
            if (c != lower[i] && c != (char)(lower[i] - ('a' - 'A')))
            {
                return false;
            }
        }

        return true;
    }
}
