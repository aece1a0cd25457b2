using System.Globalization;
using System.Text;
using Builder.Parser.Syntax;

namespace Builder.Planner.Lowering;

/// <summary>The few Go <c>fmt</c> forms BuildKit's history strings use.</summary>
internal static class GoFormat
{
    /// <summary><c>%v</c> of a <c>[]string</c>: <c>[a b]</c>.</summary>
    public static string List(IEnumerable<string> values) => "[" + string.Join(" ", values) + "]";

    /// <summary><c>%q</c> of a <c>[]string</c>: <c>["a" "b"]</c>.</summary>
    public static string QuotedList(IEnumerable<string> values) => "[" + string.Join(" ", values.Select(GoQuote.Quote)) + "]";

    /// <summary>Go's <c>time.Duration.String()</c>: <c>0s</c>, <c>1.5s</c>, <c>1m30s</c>, <c>1h0m0s</c>, <c>500ms</c>.</summary>
    public static string Duration(long nanoseconds)
    {
        if (nanoseconds == 0)
        {
            return "0s";
        }

        var sb = new StringBuilder();
        if (nanoseconds < 0)
        {
            sb.Append('-');
            nanoseconds = -nanoseconds;
        }

        if (nanoseconds < 1_000_000_000)
        {
            var (unit, scale) = nanoseconds < 1_000 ? ("ns", 1L) : nanoseconds < 1_000_000 ? ("µs", 1_000L) : ("ms", 1_000_000L);
            sb.Append(Fraction(nanoseconds, scale)).Append(unit);
            return sb.ToString();
        }

        long hours = nanoseconds / 3_600_000_000_000;
        long rest = nanoseconds % 3_600_000_000_000;
        long minutes = rest / 60_000_000_000;
        rest %= 60_000_000_000;
        if (hours > 0)
        {
            sb.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('h');
        }

        if (hours > 0 || minutes > 0)
        {
            sb.Append(minutes.ToString(CultureInfo.InvariantCulture)).Append('m');
        }

        sb.Append(Fraction(rest, 1_000_000_000)).Append('s');
        return sb.ToString();
    }

    private static string Fraction(long value, long scale)
    {
        var whole = (value / scale).ToString(CultureInfo.InvariantCulture);
        var frac = value % scale;
        if (frac == 0)
        {
            return whole;
        }

        var digits = scale.ToString(CultureInfo.InvariantCulture).Length - 1;
        return whole + "." + frac.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0').TrimEnd('0');
    }
}
