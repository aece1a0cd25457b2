using System.Globalization;
using System.Text;
using Builder.Parser.Text;

namespace Builder.Parser.Syntax;

/// <summary>
/// Quotes a string exactly as Go's <c>strconv.Quote</c> does, which BuildKit's parser dump uses.
/// Raw bytes kept by <see cref="SourceText"/> as U+DC80..U+DCFF print as <c>\xHH</c>.
/// </summary>
public static class GoQuote
{
    public static string Quote(string value)
    {
        var sb = new StringBuilder(value.Length + 2);
        Append(sb, value);
        return sb.ToString();
    }

    public static void Append(StringBuilder sb, string value)
    {
        sb.Append('"');
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (c < 0x80)
            {
                AppendAscii(sb, c);
                continue;
            }

            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                int cp = char.ConvertToUtf32(c, value[i + 1]);
                if (IsPrint(CharUnicodeInfo.GetUnicodeCategory(value, i)))
                {
                    sb.Append(c).Append(value[i + 1]);
                }
                else
                {
                    sb.Append("\\U").Append(cp.ToString("x8", CultureInfo.InvariantCulture));
                }

                i++;
                continue;
            }

            if (SourceText.IsRawByte(value, i))
            {
                sb.Append("\\x").Append(((int)c - 0xDC00).ToString("x2", CultureInfo.InvariantCulture));
                continue;
            }

            if (char.IsSurrogate(c))
            {
                // Go never holds a lone surrogate in a string: it would be invalid UTF-8 and print as U+FFFD's bytes.
                sb.Append("\\ufffd");
                continue;
            }

            if (IsPrint(CharUnicodeInfo.GetUnicodeCategory(c)))
            {
                sb.Append(c);
            }
            else
            {
                sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
        }

        sb.Append('"');
    }

    private static void AppendAscii(StringBuilder sb, char c)
    {
        switch (c)
        {
            case '"': sb.Append("\\\""); return;
            case '\\': sb.Append("\\\\"); return;
            case '\a': sb.Append("\\a"); return;
            case '\b': sb.Append("\\b"); return;
            case '\f': sb.Append("\\f"); return;
            case '\n': sb.Append("\\n"); return;
            case '\r': sb.Append("\\r"); return;
            case '\t': sb.Append("\\t"); return;
            case '\v': sb.Append("\\v"); return;
        }

        if (c < 0x20 || c == 0x7F)
        {
            sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
        }
        else
        {
            sb.Append(c);
        }
    }

    // Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols, and ASCII space only.
    private static bool IsPrint(UnicodeCategory category)
    {
        switch (category)
        {
            case UnicodeCategory.UppercaseLetter:
            case UnicodeCategory.LowercaseLetter:
            case UnicodeCategory.TitlecaseLetter:
            case UnicodeCategory.ModifierLetter:
            case UnicodeCategory.OtherLetter:
            case UnicodeCategory.NonSpacingMark:
            case UnicodeCategory.SpacingCombiningMark:
            case UnicodeCategory.EnclosingMark:
            case UnicodeCategory.DecimalDigitNumber:
            case UnicodeCategory.LetterNumber:
            case UnicodeCategory.OtherNumber:
            case UnicodeCategory.ConnectorPunctuation:
            case UnicodeCategory.DashPunctuation:
            case UnicodeCategory.OpenPunctuation:
            case UnicodeCategory.ClosePunctuation:
            case UnicodeCategory.InitialQuotePunctuation:
            case UnicodeCategory.FinalQuotePunctuation:
            case UnicodeCategory.OtherPunctuation:
            case UnicodeCategory.MathSymbol:
            case UnicodeCategory.CurrencySymbol:
            case UnicodeCategory.ModifierSymbol:
            case UnicodeCategory.OtherSymbol:
                return true;
            default:
                return false;
        }
    }
}
