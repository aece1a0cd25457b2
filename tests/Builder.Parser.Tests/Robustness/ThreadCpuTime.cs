using System.Globalization;

namespace Builder.Parser.Tests.Robustness;

/// <summary>
/// The CPU time the calling thread has used, from <c>/proc/thread-self/stat</c> (Linux; null
/// elsewhere). A hang burns CPU; a busy machine only stretches wall-clock time, so the hang
/// guard confirms a slow input with this before reporting it.
/// </summary>
internal static class ThreadCpuTime
{
    // USER_HZ, the unit of utime and stime; 100 on every Linux architecture .NET runs on.
    private const double TicksPerSecond = 100;

    public static TimeSpan? Now()
    {
        try
        {
            var stat = File.ReadAllText("/proc/thread-self/stat");

            // The command name (field 2) is in parentheses and may hold spaces; fields 14 and 15
            // (utime, stime) are the 12th and 13th after it.
            var fields = stat.Substring(stat.LastIndexOf(')') + 2).Split(' ');
            long ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / TicksPerSecond);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}
