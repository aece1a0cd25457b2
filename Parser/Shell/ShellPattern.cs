namespace Builder.Parser.Shell;

/// <summary>
/// Shell patterns as BuildKit accepts them in <c>${v#p}</c>, <c>${v%p}</c> and <c>${v/p/r}</c>:
/// <c>*</c> (any run of characters), <c>?</c> (one character) and backslash escapes of
/// <c>* ? \</c>; no bracket expressions. <c>\}</c> and <c>\/</c> stand for <c>}</c> and <c>/</c>.
/// Any other escape is an error. As in BuildKit (which compiles patterns to Go regular
/// expressions), <c>*</c> and <c>?</c> never match a line feed, and the escape character is always
/// the backslash, whatever the Dockerfile escape token is.
/// </summary>
internal static class ShellPattern
{
    /// <summary>Token for <c>*</c>. Other tokens are <see cref="AnyChar"/> or a literal code point.</summary>
    public const int Star = -1;

    /// <summary>Token for <c>?</c>.</summary>
    public const int AnyChar = -2;

    private const int ByteOrderMark = 0xFEFF;

    /// <summary>
    /// Parses <paramref name="pattern"/> into tokens. With <paramref name="reversed"/> the tokens
    /// are for matching from the end of a value backwards (used for <c>%</c> and <c>%%</c>); the
    /// pattern text is reversed the way BuildKit does it, keeping each backslash in front of the
    /// character it escapes.
    /// </summary>
    public static bool TryParse(string pattern, bool reversed, out int[] tokens, out string? error)
    {
        var codePoints = ToCodePoints(pattern);
        if (reversed)
        {
            codePoints = ReverseKeepingEscapes(codePoints);
        }

        var buffer = new int[codePoints.Length];
        var count = 0;

        // BuildKit reads the pattern with Go's text/scanner, which skips a leading byte order mark.
        var i = codePoints.Length > 0 && codePoints[0] == ByteOrderMark ? 1 : 0;
        while (i < codePoints.Length)
        {
            var c = codePoints[i++];
            switch (c)
            {
                case '*':
                    buffer[count++] = Star;
                    break;
                case '?':
                    buffer[count++] = AnyChar;
                    break;
                case '\\':
                    if (i < codePoints.Length && (codePoints[i] == '}' || codePoints[i] == '/'))
                    {
                        // The backslash only kept '}' or '/' from ending the ${...}; the next
                        // character is read as an ordinary literal.
                        break;
                    }

                    if (i >= codePoints.Length)
                    {
                        tokens = Array.Empty<int>();
                        error = "invalid escape '\\' at end of pattern";
                        return false;
                    }

                    var escaped = codePoints[i++];
                    if (escaped != '*' && escaped != '?' && escaped != '\\')
                    {
                        tokens = Array.Empty<int>();
                        error = "invalid escape '\\" + CodePointText(escaped) + "'";
                        return false;
                    }

                    buffer[count++] = escaped;
                    break;
                default:
                    buffer[count++] = c;
                    break;
            }
        }

        if (count != buffer.Length)
        {
            Array.Resize(ref buffer, count);
        }

        tokens = buffer;
        error = null;
        return true;
    }

    // A lone surrogate (how SourceText keeps a byte of non-UTF-8 input) is a code point here too,
    // which char.ConvertFromUtf32 rejects.
    private static string CodePointText(int codePoint) =>
        codePoint <= char.MaxValue ? ((char)codePoint).ToString() : char.ConvertFromUtf32(codePoint);

    private static int[] ToCodePoints(string s)
    {
        var result = new int[s.Length];
        var count = 0;
        for (var i = 0; i < s.Length;)
        {
            result[count++] = ShellChars.CodePointAt(s, i, out var width);
            i += width;
        }

        if (count != result.Length)
        {
            Array.Resize(ref result, count);
        }

        return result;
    }

    /// <summary>
    /// Reverses a pattern, except that a backslash stays in front of the character after it
    /// (<c>a\*c</c> becomes <c>c\*a</c>). A backslash in the last position has nothing to keep and
    /// simply moves to the front, which is what BuildKit does too.
    /// </summary>
    private static int[] ReverseKeepingEscapes(int[] codePoints)
    {
        var last = codePoints.Length - 1;
        var result = new int[codePoints.Length];
        for (var i = 0; i <= last;)
        {
            var target = last - i;
            if (codePoints[i] == '\\' && i != last)
            {
                result[target - 1] = '\\';
                result[target] = codePoints[i + 1];
                i += 2;
            }
            else
            {
                result[target] = codePoints[i];
                i++;
            }
        }

        return result;
    }
}
