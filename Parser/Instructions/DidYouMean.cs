namespace Builder.Parser.Instructions;

/// <summary>Suggests the closest known word for a misspelt one.</summary>
internal static class DidYouMean
{
    public static string Suffix(string word, IEnumerable<string> candidates, Func<string, string>? display = null)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        string lowered = word.ToLowerInvariant();
        int limit = Math.Max(1, Math.Min(2, word.Length / 3));
        foreach (var candidate in candidates)
        {
            // The distance is at least the difference in length: skip what cannot be close (and
            // the table a very long word would need).
            if (Math.Abs(word.Length - candidate.Length) > limit)
            {
                continue;
            }

            int d = Distance(lowered, candidate.ToLowerInvariant());
            if (d < bestDistance)
            {
                bestDistance = d;
                best = candidate;
            }
        }

        return best is not null && bestDistance <= limit ? $" (did you mean {(display ?? (s => s))(best)}?)" : string.Empty;
    }

    // Optimal string alignment distance: a swap of neighbours ("chwon") counts as one edit.
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (int j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                int best = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    best = Math.Min(best, d[i - 2, j - 2] + 1);
                }

                d[i, j] = best;
            }
        }

        return d[a.Length, b.Length];
    }
}
