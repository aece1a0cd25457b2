using System.Text;

namespace Builder.Parser.Shell;

/// <summary>
/// <c>${v/p/r}</c> and <c>${v//p/r}</c>, reproducing the Go calls BuildKit makes: the first form
/// splices <c>r</c> in literally; the second uses <c>Regexp.ReplaceAllString</c>, so <c>r</c> is a
/// Go template there (<c>$$</c> is <c>$</c>, <c>$0</c>/<c>${0}</c> is the match, any other
/// <c>$name</c> is empty) and an empty match right after a match is not replaced.
/// </summary>
internal static class ShellReplacement
{
    public static void ReplaceFirst(StringBuilder sb, string value, ShellPatternMatcher matcher, string replacement)
    {
        if (!matcher.FindLeftmost(value, 0, out var start, out var end))
        {
            sb.Append(value);
            return;
        }

        sb.Append(value, 0, start).Append(replacement).Append(value, end, value.Length - end);
    }

    public static void ReplaceAll(StringBuilder sb, string value, ShellPatternMatcher matcher, string replacement)
    {
        var isTemplate = replacement.IndexOf('$') >= 0;
        var searchPos = 0;
        var lastMatchEnd = 0;
        while (searchPos <= value.Length)
        {
            if (!matcher.FindLeftmost(value, searchPos, out var start, out var end))
            {
                break;
            }

            sb.Append(value, lastMatchEnd, start - lastMatchEnd);
            if (end > lastMatchEnd || start == 0)
            {
                if (isTemplate)
                {
                    AppendExpanded(sb, replacement, value, start, end);
                }
                else
                {
                    sb.Append(replacement);
                }
            }

            lastMatchEnd = end;

            // Always move forward by at least one character.
            var width = searchPos < value.Length ? ShellChars.WidthAt(value, searchPos) : 0;
            if (searchPos + width > end)
            {
                searchPos += width;
            }
            else if (searchPos + 1 > end)
            {
                searchPos++;
            }
            else
            {
                searchPos = end;
            }
        }

        sb.Append(value, lastMatchEnd, value.Length - lastMatchEnd);
    }

    /// <summary>Go's <c>Regexp.Expand</c> for a pattern without groups: only group 0 (the match) exists.</summary>
    private static void AppendExpanded(StringBuilder sb, string template, string value, int matchStart, int matchEnd)
    {
        var i = 0;
        while (true)
        {
            var dollar = template.IndexOf('$', i);
            if (dollar < 0)
            {
                break;
            }

            sb.Append(template, i, dollar - i);
            i = dollar + 1;
            if (i < template.Length && template[i] == '$')
            {
                sb.Append('$');
                i++;
                continue;
            }

            if (!TryReadReference(template, i, out var number, out var rest))
            {
                // Not a reference: the '$' is kept and reading goes on right after it.
                sb.Append('$');
                continue;
            }

            i = rest;
            if (number == 0)
            {
                sb.Append(value, matchStart, matchEnd - matchStart);
            }
        }

        sb.Append(template, i, template.Length - i);
    }

    /// <summary>
    /// Reads <c>name</c> or <c>{name}</c> at <paramref name="index"/> (letters, digits, <c>_</c>).
    /// <paramref name="number"/> is its value when it is a number without leading zeros, else -1.
    /// </summary>
    private static bool TryReadReference(string template, int index, out int number, out int rest)
    {
        number = -1;
        rest = index;
        if (index >= template.Length)
        {
            return false;
        }

        var pos = index;
        var brace = template[pos] == '{';
        if (brace)
        {
            pos++;
        }

        var nameStart = pos;
        while (pos < template.Length && ShellChars.IsNameChar(template, pos))
        {
            pos += ShellChars.WidthAt(template, pos);
        }

        var nameEnd = pos;
        if (nameEnd == nameStart)
        {
            return false;
        }

        if (brace)
        {
            if (pos >= template.Length || template[pos] != '}')
            {
                return false;
            }

            pos++;
        }

        number = 0;
        for (var j = nameStart; j < nameEnd; j++)
        {
            var c = template[j];
            if (c < '0' || c > '9' || number >= 100_000_000)
            {
                number = -1;
                break;
            }

            number = (number * 10) + (c - '0');
        }

        if (template[nameStart] == '0' && nameEnd - nameStart > 1)
        {
            number = -1;
        }

        rest = pos;
        return true;
    }
}
