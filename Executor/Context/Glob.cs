using System.Text;
using System.Text.RegularExpressions;

namespace Builder.Executor.Context;

/// <summary>Go's <c>filepath.Match</c> for COPY sources: <c>*</c> and <c>?</c> never cross <c>/</c>, <c>[...]</c> classes, <c>\</c> escapes.</summary>
internal static class Glob
{
    public static bool HasMeta(string pattern) => pattern.AsSpan().IndexOfAny("*?[\\") >= 0;

    public static Regex Compile(string pattern)
    {
        var sb = new StringBuilder("^");
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            switch (c)
            {
                case '*':
                    sb.Append("[^/]*");
                    break;
                case '?':
                    sb.Append("[^/]");
                    break;
                case '\\' when i + 1 < pattern.Length:
                    sb.Append(Regex.Escape(pattern[++i].ToString()));
                    break;
                case '[':
                    int end = pattern.IndexOf(']', i + 2);
                    if (end < 0)
                    {
                        sb.Append(@"\[");
                        break;
                    }

                    var cls = pattern[(i + 1)..end];
                    sb.Append('[').Append(cls.StartsWith('^') ? "^/" + cls[1..].Replace("\\", "\\\\") : cls.Replace("\\", "\\\\")).Append(']');
                    i = end;
                    break;
                default:
                    sb.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        return new Regex(sb.Append('$').ToString(), RegexOptions.CultureInvariant);
    }
}
