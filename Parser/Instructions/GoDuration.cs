using System.Globalization;

namespace Builder.Parser.Instructions;

/// <summary>Parses durations written as Go's <c>time.ParseDuration</c> accepts them: <c>30s</c>, <c>1m30s</c>, <c>1.5h</c>, <c>0</c>.</summary>
public static class GoDuration
{
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        string s = text;
        if (s.Length == 0)
        {
            return false;
        }

        bool negative = false;
        int p = 0;
        if (s[0] == '-' || s[0] == '+')
        {
            negative = s[0] == '-';
            p++;
        }

        if (s.Substring(p) == "0")
        {
            return true;
        }

        if (p >= s.Length)
        {
            return false;
        }

        decimal totalNanoseconds = 0;
        while (p < s.Length)
        {
            int numberStart = p;
            while (p < s.Length && (char.IsDigit(s[p]) || s[p] == '.'))
            {
                p++;
            }

            string number = s.Substring(numberStart, p - numberStart);
            if (number.Length == 0 || number == "." || number.IndexOf('.') != number.LastIndexOf('.'))
            {
                return false;
            }

            int unitStart = p;
            while (p < s.Length && !char.IsDigit(s[p]) && s[p] != '.')
            {
                p++;
            }

            decimal scale = s.Substring(unitStart, p - unitStart) switch
            {
                "ns" => 1m,
                "us" or "\u00b5s" or "\u03bcs" => 1_000m,
                "ms" => 1_000_000m,
                "s" => 1_000_000_000m,
                "m" => 60_000_000_000m,
                "h" => 3_600_000_000_000m,
                _ => -1m,
            };
            if (scale < 0 || !decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
            {
                return false;
            }

            // Checked before multiplying: a long enough number overflows decimal itself.
            if (amount > (decimal)long.MaxValue / scale)
            {
                return false;
            }

            totalNanoseconds += amount * scale;
            if (totalNanoseconds > (decimal)long.MaxValue)
            {
                return false;
            }
        }

        long ticks = (long)(totalNanoseconds / 100m);
        value = TimeSpan.FromTicks(negative ? -ticks : ticks);
        return true;
    }
}
