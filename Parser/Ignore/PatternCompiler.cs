using System.Text;

namespace Builder.Parser.Ignore;

/// <summary>How a cleaned pattern is matched; mirrors patternmatcher's classification.</summary>
internal enum PatternMatchType
{
    /// <summary>No wildcard: the path must equal the pattern.</summary>
    Exact,

    /// <summary>Literal text followed by a final <c>**</c>: the path must start with the text.</summary>
    Prefix,

    /// <summary>A leading <c>**</c> followed by literal text: the path must end with the text.</summary>
    Suffix,

    /// <summary>Anything else: the generated regular expression decides.</summary>
    Regexp,
}

/// <summary>
/// Turns a cleaned pattern into patternmatcher's match type and RE2 regular expression text.
/// The regular expression is reproduced character for character (the conformance vectors pin it),
/// because its quirks are part of the behaviour: a backslash escape is handed to the regexp engine
/// as is (<c>\d</c> means a digit there), <c>*</c> inside brackets becomes <c>[^/]*</c>, and
/// <c>|</c>, <c>{</c> and <c>}</c> are not escaped (see <see cref="Escaped"/>).
/// </summary>
internal static class PatternCompiler
{
    // Upstream means to escape . + ( ) | { } $, but its lookup table is a byte-wide bitmap indexed
    // by (c % 8, c / 8): the bits for '{' (123), '|' (124) and '}' (125) shift out of the byte and
    // are lost. Those three reach the regexp unescaped, so '|' alternates and "{2}" repeats.
    private const string Escaped = ".+()$";

    /// <summary>
    /// Classifies <paramref name="pattern"/> and, for <see cref="PatternMatchType.Regexp"/>,
    /// returns the regexp text (otherwise the empty string). <paramref name="separator"/> is the
    /// path separator the expression is built for: '/' here, '\' only to check upstream's Windows
    /// vectors.
    /// </summary>
    public static string Compile(string pattern, char separator, out PatternMatchType type)
    {
        var regex = new StringBuilder(pattern.Length + 8);
        regex.Append('^');
        string sep = separator == '\\' ? "\\\\" : separator.ToString();
        type = PatternMatchType.Exact;

        // Go reads the pattern with text/scanner, which drops a byte order mark at the very start.
        int pos = pattern.Length > 0 && pattern[0] == '\uFEFF' ? 1 : 0;
        for (int step = 0; pos < pattern.Length; step++)
        {
            int ch = NextCodePoint(pattern, ref pos);
            if (ch == '*')
            {
                if (pos < pattern.Length && pattern[pos] == '*')
                {
                    pos++;
                    if (pos < pattern.Length && pattern[pos] == separator)
                    {
                        pos++; // "**/" behaves like "**"
                    }

                    if (pos == pattern.Length)
                    {
                        if (type == PatternMatchType.Exact)
                        {
                            type = PatternMatchType.Prefix;
                        }
                        else
                        {
                            regex.Append(".*");
                            type = PatternMatchType.Regexp;
                        }
                    }
                    else
                    {
                        regex.Append("(.*").Append(sep).Append(")?");
                        type = PatternMatchType.Regexp;
                    }

                    if (step == 0)
                    {
                        type = PatternMatchType.Suffix;
                    }
                }
                else
                {
                    regex.Append("[^").Append(sep).Append("]*");
                    type = PatternMatchType.Regexp;
                }
            }
            else if (ch == '?')
            {
                regex.Append("[^").Append(sep).Append(']');
                type = PatternMatchType.Regexp;
            }
            else if (ch < 0x80 && Escaped.IndexOf((char)ch) >= 0)
            {
                regex.Append('\\').Append((char)ch);
            }
            else if (ch == '\\')
            {
                if (separator == '\\')
                {
                    // With '\' as the separator there is no escaping: it is the separator itself.
                    regex.Append(sep);
                }
                else if (pos < pattern.Length)
                {
                    regex.Append('\\');
                    AppendCodePoint(regex, NextCodePoint(pattern, ref pos));
                    type = PatternMatchType.Regexp;
                }
                else
                {
                    regex.Append('\\');
                }
            }
            else if (ch == '[' || ch == ']')
            {
                regex.Append((char)ch);
                type = PatternMatchType.Regexp;
            }
            else
            {
                AppendCodePoint(regex, ch);
            }
        }

        if (type != PatternMatchType.Regexp)
        {
            return string.Empty;
        }

        regex.Append('$');
        return regex.ToString();
    }

    /// <summary>
    /// Reads one code point. A lone surrogate stands for a byte that is not UTF-8 (see
    /// <see cref="Text.SourceText"/>); Go's scanner turns such a byte into U+FFFD.
    /// </summary>
    internal static int NextCodePoint(string s, ref int pos)
    {
        char c = s[pos++];
        if (char.IsHighSurrogate(c) && pos < s.Length && char.IsLowSurrogate(s[pos]))
        {
            return char.ConvertToUtf32(c, s[pos++]);
        }

        return char.IsSurrogate(c) ? 0xFFFD : c;
    }

    private static void AppendCodePoint(StringBuilder sb, int cp)
    {
        if (cp < 0x10000)
        {
            sb.Append((char)cp);
        }
        else
        {
            sb.Append(char.ConvertFromUtf32(cp));
        }
    }
}
