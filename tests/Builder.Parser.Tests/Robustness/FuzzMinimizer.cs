using System.Diagnostics;

namespace Builder.Parser.Tests.Robustness;

/// <summary>
/// Shrinks a failing input while it still fails the same way: first whole lines (in halves,
/// quarters, ... down to one), then byte runs. Bounded by a number of attempts and a time budget,
/// so a report always comes back; the result is a starting point for a regression test.
/// </summary>
internal static class FuzzMinimizer
{
    public static byte[] Minimize(byte[] input, Func<byte[], bool> stillFails, int maxAttempts = 4000, double maxSeconds = 20)
    {
        var clock = Stopwatch.StartNew();
        int attempts = 0;
        bool Budget() => attempts < maxAttempts && clock.Elapsed.TotalSeconds < maxSeconds;
        bool Try(List<byte[]> parts, int skipFrom, int skipCount, out byte[] candidate)
        {
            attempts++;
            candidate = Join(parts, skipFrom, skipCount);
            return stillFails(candidate);
        }

        var current = input;
        foreach (bool byLines in new[] { true, false })
        {
            var parts = byLines ? SplitLines(current) : current.Select(b => new[] { b }).ToList();
            for (int chunk = Math.Max(1, parts.Count / 2); chunk >= 1 && Budget(); chunk /= 2)
            {
                for (int start = 0; start < parts.Count && Budget();)
                {
                    int count = Math.Min(chunk, parts.Count - start);
                    if (Try(parts, start, count, out var candidate))
                    {
                        parts.RemoveRange(start, count);
                        current = candidate;
                    }
                    else
                    {
                        start += count;
                    }
                }
            }
        }

        return current;
    }

    private static List<byte[]> SplitLines(byte[] bytes)
    {
        var lines = new List<byte[]>();
        int start = 0;
        for (int i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                lines.Add(bytes[start..(i + 1)]);
                start = i + 1;
            }
        }

        if (start < bytes.Length)
        {
            lines.Add(bytes[start..]);
        }

        return lines;
    }

    private static byte[] Join(List<byte[]> parts, int skipFrom, int skipCount)
    {
        var result = new List<byte>();
        for (int i = 0; i < parts.Count; i++)
        {
            if (i < skipFrom || i >= skipFrom + skipCount)
            {
                result.AddRange(parts[i]);
            }
        }

        return result.ToArray();
    }
}
