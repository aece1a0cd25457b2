using System.Globalization;

namespace Builder.Parser.Shell;

/// <summary>
/// Character classes with the meaning Go's <c>unicode</c> package gives them, read from UTF-16
/// strings one code point at a time (a surrogate pair is one code point, a lone surrogate is one unit).
/// </summary>
internal static class ShellChars
{
    /// <summary>Go's <c>unicode.IsSpace</c>: the Unicode White_Space characters.</summary>
    public static bool IsSpace(char c)
    {
        if (c <= '\u00FF')
        {
            return c == ' ' || (c >= '\t' && c <= '\r') || c == '\u0085' || c == '\u00A0';
        }

        return c == '\u1680'
            || (c >= '\u2000' && c <= '\u200A')
            || c == '\u2028'
            || c == '\u2029'
            || c == '\u202F'
            || c == '\u205F'
            || c == '\u3000';
    }

    /// <summary>How many UTF-16 units the code point starting at <paramref name="index"/> takes (1 or 2).</summary>
    public static int WidthAt(string s, int index) =>
        char.IsHighSurrogate(s[index]) && index + 1 < s.Length && char.IsLowSurrogate(s[index + 1]) ? 2 : 1;

    /// <summary>The code point starting at <paramref name="index"/>.</summary>
    public static int CodePointAt(string s, int index, out int width)
    {
        var c = s[index];
        if (char.IsHighSurrogate(c) && index + 1 < s.Length && char.IsLowSurrogate(s[index + 1]))
        {
            width = 2;
            return char.ConvertToUtf32(c, s[index + 1]);
        }

        width = 1;
        return c;
    }

    /// <summary>The code point that ends just before <paramref name="end"/>.</summary>
    public static int CodePointBefore(string s, int end, out int width)
    {
        var c = s[end - 1];
        if (char.IsLowSurrogate(c) && end - 2 >= 0 && char.IsHighSurrogate(s[end - 2]))
        {
            width = 2;
            return char.ConvertToUtf32(s[end - 2], c);
        }

        width = 1;
        return c;
    }

    /// <summary>Go's <c>unicode.IsDigit</c> (category Nd) for the code point at <paramref name="index"/>.</summary>
    public static bool IsDigit(string s, int index)
    {
        var c = s[index];
        if (c < 0x80)
        {
            return c >= '0' && c <= '9';
        }

        return CharUnicodeInfo.GetUnicodeCategory(s, index) == UnicodeCategory.DecimalDigitNumber;
    }

    /// <summary>Go's <c>unicode.IsLetter</c> (categories Lu, Ll, Lt, Lm, Lo) for the code point at <paramref name="index"/>.</summary>
    public static bool IsLetter(string s, int index)
    {
        var c = s[index];
        if (c < 0x80)
        {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        }

        switch (CharUnicodeInfo.GetUnicodeCategory(s, index))
        {
            case UnicodeCategory.UppercaseLetter:
            case UnicodeCategory.LowercaseLetter:
            case UnicodeCategory.TitlecaseLetter:
            case UnicodeCategory.ModifierLetter:
            case UnicodeCategory.OtherLetter:
                return true;
            default:
                return false;
        }
    }

    /// <summary>A letter, a digit or <c>_</c>: the characters of a variable name after the first.</summary>
    public static bool IsNameChar(string s, int index) =>
        s[index] == '_' || IsLetter(s, index) || IsDigit(s, index);
}
