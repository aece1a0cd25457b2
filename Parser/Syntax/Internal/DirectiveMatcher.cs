namespace Builder.Parser.Syntax.Internal;

/// <summary>
/// Matches one directive line: <c>PREFIX \s* name \s* = \s* value \s*</c>, where the name is a
/// letter followed by letters and digits and the value is not empty. Hand-written equivalent of
/// BuildKit's directive regexp (Go's <c>\s</c> is <c>[\t\n\f\r ]</c>).
/// </summary>
internal static class DirectiveMatcher
{
    public readonly record struct Match(int NameStart, int NameEnd, int ValueStart, int ValueEnd);

    public static bool TryMatch(string s, int start, int end, string prefix, out Match match)
    {
        match = default;
        if (end - start < prefix.Length || string.CompareOrdinal(s, start, prefix, 0, prefix.Length) != 0)
        {
            return false;
        }

        int p = start + prefix.Length;
        while (p < end && CharClass.IsRegexSpace(s[p]))
        {
            p++;
        }

        int nameStart = p;
        if (p >= end || !IsAsciiLetter(s[p]))
        {
            return false;
        }

        while (p < end && (IsAsciiLetter(s[p]) || (s[p] >= '0' && s[p] <= '9')))
        {
            p++;
        }

        int nameEnd = p;
        while (p < end && CharClass.IsRegexSpace(s[p]))
        {
            p++;
        }

        if (p >= end || s[p] != '=')
        {
            return false;
        }

        p++;
        int afterEquals = p;
        while (p < end && CharClass.IsRegexSpace(s[p]))
        {
            p++;
        }

        if (p >= end)
        {
            // The lazy value must take one char, so an all-blank value is its last blank.
            if (end > afterEquals)
            {
                match = new Match(nameStart, nameEnd, end - 1, end);
                return true;
            }

            return false;
        }

        int valueEnd = end;
        while (valueEnd > p && CharClass.IsRegexSpace(s[valueEnd - 1]))
        {
            valueEnd--;
        }

        // Go's '.' does not match '\n'; lines never contain one here, but the value must be non-empty.
        if (valueEnd <= p || s.IndexOf('\n', p, valueEnd - p) >= 0)
        {
            return false;
        }

        match = new Match(nameStart, nameEnd, p, valueEnd);
        return true;
    }

    private static bool IsAsciiLetter(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
