using System.Collections.Immutable;
using System.Text;

namespace Builder.Parser.Syntax.Internal;

/// <summary>
/// Reads the leading <c>--flag</c> words of an instruction's arguments, as BuildKit does: a word
/// that starts with <c>--</c> is a flag; quotes group characters and are removed; a backslash takes
/// the next character literally; a lone <c>--</c> ends the flags and is dropped.
/// </summary>
internal static class FlagExtractor
{
    /// <summary>Returns the offset where the arguments after the flags start.</summary>
    public static int Extract(LogicalLine line, int start, int end, ImmutableArray<SyntaxToken>.Builder flags, StringBuilder word)
    {
        string s = line.Text;
        int p = start;
        while (true)
        {
            while (p < end && CharClass.IsSpace(s[p]))
            {
                p++;
            }

            if (p >= end)
            {
                return end;
            }

            if (s[p] != '-' || p + 1 >= end || s[p + 1] != '-')
            {
                return p;
            }

            int wordStart = p;
            word.Clear();
            bool blankOk = false;
            char quote = '\0';
            bool inQuote = false;
            for (; p < end; p++)
            {
                char c = s[p];
                if (inQuote)
                {
                    if (c == quote)
                    {
                        inQuote = false;
                        continue;
                    }

                    if (c == '\\')
                    {
                        if (p + 1 == end)
                        {
                            inQuote = false;
                            continue;
                        }

                        c = s[++p];
                    }

                    word.Append(c);
                    continue;
                }

                if (CharClass.IsSpace(c))
                {
                    break;
                }

                if (c == '\'' || c == '"')
                {
                    quote = c;
                    blankOk = true;
                    inQuote = true;
                    continue;
                }

                if (c == '\\')
                {
                    if (p + 1 == end)
                    {
                        continue;
                    }

                    c = s[++p];
                }

                word.Append(c);
            }

            string value = word.ToString();
            if (value == "--")
            {
                // The terminator: what follows is arguments even if it starts with "--".
                return p;
            }

            if (blankOk || value.Length > 0)
            {
                flags.Add(new SyntaxToken(value, line.ToSourceSpan(wordStart, p)));
            }
        }
    }
}
