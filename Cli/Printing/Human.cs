using System.Globalization;

namespace Builder.Cli.Printing;

/// <summary>Sizes and ages the way Docker's CLI shows them (go-units: HumanSizeWithPrecision, HumanDuration).</summary>
internal static class Human
{
    private static readonly string[] Units = ["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];

    /// <summary>Decimal units, three significant digits: <c>0B</c>, <c>153B</c>, <c>2.14MB</c>.</summary>
    public static string Size(long bytes)
    {
        double size = bytes;
        int unit = 0;
        while (size >= 1000 && unit < Units.Length - 1)
        {
            size /= 1000;
            unit++;
        }

        return size.ToString("G3", CultureInfo.InvariantCulture).Replace("E+", "e+", StringComparison.Ordinal) + Units[unit];
    }

    /// <summary><c>2 hours ago</c>, <c>56 years ago</c>; <c>N/A</c> for an image without a creation time.</summary>
    public static string Ago(DateTimeOffset? time, DateTimeOffset now) =>
        time is { } t ? Duration(now - t) + " ago" : "N/A";

    public static string Duration(TimeSpan d)
    {
        long seconds = (long)d.TotalSeconds;
        if (seconds < 1)
        {
            return "Less than a second";
        }

        if (seconds == 1)
        {
            return "1 second";
        }

        if (seconds < 60)
        {
            return $"{seconds} seconds";
        }

        long minutes = (long)d.TotalMinutes;
        if (minutes == 1)
        {
            return "About a minute";
        }

        if (minutes < 60)
        {
            return $"{minutes} minutes";
        }

        long hours = (long)Math.Round(d.TotalHours, MidpointRounding.AwayFromZero);
        return hours switch
        {
            1 => "About an hour",
            < 48 => $"{hours} hours",
            < 24 * 7 * 2 => $"{hours / 24} days",
            < 24 * 30 * 2 => $"{hours / 24 / 7} weeks",
            < 24 * 365 * 2 => $"{hours / 24 / 30} months",
            _ => $"{(long)d.TotalHours / 24 / 365} years",
        };
    }

    /// <summary>Cuts text to <paramref name="max"/> characters, the last one an ellipsis, as <c>docker history</c> does.</summary>
    public static string Ellipsis(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
