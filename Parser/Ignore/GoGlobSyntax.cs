namespace Builder.Parser.Ignore;

/// <summary>
/// The syntax check of Go's <c>filepath.Match</c> on Unix, as current Go performs it: every chunk
/// of the pattern is validated, whatever the name. (Older Go, 1.19 for one, stopped at the first
/// chunk that failed to match and so accepted e.g. <c>x*[-]</c>; Docker is built with current Go.)
/// patternmatcher runs this check on every pattern when the matcher is built, so these are exactly
/// the patterns that make <c>New</c> fail with <c>syntax error in pattern</c>. It does not decide
/// what a pattern matches: that is the job of <see cref="PatternCompiler"/>.
/// </summary>
internal static class GoGlobSyntax
{
    /// <summary>Null when the pattern is well formed, otherwise a short reason for people.</summary>
    public static string? Check(string pattern)
    {
        int i = 0;
        while (i < pattern.Length)
        {
            while (i < pattern.Length && pattern[i] == '*')
            {
                i++;
            }

            int end = ChunkEnd(pattern, i);
            string? error = CheckChunk(pattern, i, end);
            if (error is not null)
            {
                return error;
            }

            i = end;
        }

        return null;
    }

    // A chunk runs up to the next '*' that is not inside brackets; '\' hides the next character.
    private static int ChunkEnd(string p, int start)
    {
        bool inRange = false;
        int i = start;
        for (; i < p.Length; i++)
        {
            switch (p[i])
            {
                case '\\':
                    if (i + 1 < p.Length)
                    {
                        i++;
                    }

                    break;
                case '[':
                    inRange = true;
                    break;
                case ']':
                    inRange = false;
                    break;
                case '*' when !inRange:
                    return i;
            }
        }

        return i;
    }

    private static string? CheckChunk(string p, int i, int end)
    {
        while (i < end)
        {
            char c = p[i];
            if (c == '\\')
            {
                if (i + 1 >= end)
                {
                    return "a trailing '\\' escapes nothing";
                }

                i += 2;
            }
            else if (c == '[')
            {
                i++;
                if (i < end && p[i] == '^')
                {
                    i++;
                }

                int ranges = 0;
                while (true)
                {
                    if (i < end && p[i] == ']' && ranges > 0)
                    {
                        i++;
                        break;
                    }

                    string? error = ClassChar(p, ref i, end, ranges == 0);
                    if (error is null && p[i] == '-')
                    {
                        i++;
                        error = ClassChar(p, ref i, end, first: false);
                    }

                    if (error is not null)
                    {
                        return error;
                    }

                    ranges++;
                }
            }
            else
            {
                i++;
            }
        }

        return null;
    }

    // One character of a class (Go's getEsc). On success at least one character is left after it.
    private static string? ClassChar(string p, ref int i, int end, bool first)
    {
        if (i >= end)
        {
            return "the character class '[' is not closed with ']'";
        }

        if (p[i] == '-')
        {
            return "a '-' in a character class must sit between two characters (escape it as '\\-')";
        }

        if (p[i] == ']')
        {
            return first
                ? "a character class cannot be empty (escape ']' as '\\]' to match it)"
                : "a range in a character class is missing its upper end";
        }

        if (p[i] == '\\')
        {
            i++;
            if (i >= end)
            {
                return "the character class '[' is not closed with ']'";
            }
        }

        if (char.IsHighSurrogate(p[i]) && i + 1 < end && char.IsLowSurrogate(p[i + 1]))
        {
            i += 2;
        }
        else if (char.IsSurrogate(p[i]))
        {
            return "a character class contains bytes that are not UTF-8";
        }
        else
        {
            i++;
        }

        return i >= end ? "the character class '[' is not closed with ']'" : null;
    }
}
