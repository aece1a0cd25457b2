namespace Builder.Parser.Syntax.Internal;

/// <summary>The character classes BuildKit's parser uses, named after what they match.</summary>
internal static class CharClass
{
    /// <summary>Go's <c>unicode.IsSpace</c>, which .NET's <see cref="char.IsWhiteSpace(char)"/> matches.</summary>
    public static bool IsSpace(char c) => char.IsWhiteSpace(c);

    /// <summary>The regex class <c>[\t\v\f\r ]</c> that separates a keyword from its arguments.</summary>
    public static bool IsBlank(char c) => c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r';

    /// <summary>Go regexp's <c>\s</c>: <c>[\t\n\f\r ]</c>.</summary>
    public static bool IsRegexSpace(char c) => c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';

    public static int SkipSpaces(string s, int start, int end)
    {
        while (start < end && IsSpace(s[start]))
        {
            start++;
        }

        return start;
    }

    public static int TrimEndSpaces(string s, int start, int end)
    {
        while (end > start && IsSpace(s[end - 1]))
        {
            end--;
        }

        return end;
    }
}
