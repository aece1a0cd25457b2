using System.Text;

namespace Builder.Parser.Tests.Robustness;

/// <summary>A named change to a <see cref="MutationBuffer"/>; <see cref="Weight"/> sets how often it is picked.</summary>
internal sealed record Mutation(string Name, int Weight, Action<MutationBuffer> Apply);

/// <summary>The mutations, from blind byte edits to Dockerfile-shaped ones.</summary>
internal static class Mutations
{
    public static readonly Mutation[] All =
    [
        new("flip-bit", 6, b => { if (b.Count > 0) { int p = b.Random.Next(b.Count); b[p] ^= (byte)(1 << b.Random.Next(8)); } }),
        new("set-byte", 6, SetByte),
        new("insert-random", 4, b => { var r = new byte[b.Length(8)]; b.Random.NextBytes(r); b.Insert(b.Position(), r); }),
        new("delete-range", 8, b => b.Remove(b.Position(), b.Length())),
        new("duplicate-range", 6, DuplicateRange),
        new("splice", 6, Splice),
        new("insert-token", 20, b => b.Insert(b.Position(), b.Pick(FuzzTokens.Fragments))),
        new("insert-line", 10, b => b.Insert(b.LineStart(), b.Pick(FuzzTokens.Lines))),
        new("invalid-utf8", 4, b => b.Insert(b.Position(), b.Pick(FuzzTokens.InvalidUtf8))),
        new("line-endings", 5, LineEndings),
        new("truncate", 3, b => b.Truncate(b.Random.Next(b.Count + 1))),
        new("long-line", 2, LongLine),
        new("deep-nesting", 2, DeepNesting),
        new("many-heredocs", 2, ManyHeredocs),
        new("line-shuffle", 5, LineShuffle),
        new("case-flip", 3, CaseFlip),
        new("prefix", 3, b => b.Insert(0, b.Pick(FuzzTokens.Prefixes))),
        new("swap-escape", 2, SwapEscape),
    ];

    private static readonly int TotalWeight = All.Sum(m => m.Weight);

    public static Mutation Pick(Random random)
    {
        int roll = random.Next(TotalWeight);
        foreach (var m in All)
        {
            roll -= m.Weight;
            if (roll < 0)
            {
                return m;
            }
        }

        return All[^1];
    }

    private static void SetByte(MutationBuffer b)
    {
        if (b.Count == 0)
        {
            return;
        }

        int p = b.Random.Next(b.Count);
        b[p] = b.Random.Next(2) == 0 ? b.Pick(FuzzTokens.InterestingBytes) : (byte)b.Random.Next(256);
    }

    private static void DuplicateRange(MutationBuffer b)
    {
        if (b.Count == 0)
        {
            return;
        }

        var chunk = b.Slice(b.Random.Next(b.Count), b.Length());
        int times = b.Random.Next(4) == 0 ? 1 + b.Random.Next(64) : 1;
        int at = b.Position();
        for (int i = 0; i < times; i++)
        {
            b.Insert(at, chunk);
        }
    }

    // Crossover with another seed: insert a piece of it, or join our head to its tail.
    private static void Splice(MutationBuffer b)
    {
        var other = b.Pick(b.Corpus).Bytes;
        int from = b.Random.Next(other.Length + 1);
        int at = b.Position();
        if (b.Random.Next(2) == 0)
        {
            b.Insert(at, other.AsSpan(from, Math.Min(b.Length(256), other.Length - from)).ToArray());
        }
        else
        {
            b.Truncate(at);
            b.Insert(at, other.AsSpan(from).ToArray());
        }
    }

    private static void LineEndings(MutationBuffer b)
    {
        var text = b.Bytes;
        switch (b.Random.Next(6))
        {
            case 0: Rewrite(b, "\r\n", "\n"); Rewrite(b, "\n", "\r\n"); break;
            case 1: Rewrite(b, "\r\n", "\n"); break;
            case 2: Rewrite(b, "\n", "\r"); break;
            case 3:
                int nl = text.IndexOf((byte)'\n', b.Random.Next(text.Count + 1));
                if (nl >= 0)
                {
                    text.Insert(nl, (byte)'\r');
                }

                break;
            case 4:
                while (text.Count > 0 && (text[^1] == (byte)'\n' || text[^1] == (byte)'\r'))
                {
                    text.RemoveAt(text.Count - 1);
                }

                break;
            default:
                b.Insert(b.Count, b.Random.Next(2) == 0 ? "\\" : "\\\n");
                break;
        }
    }

    private static void Rewrite(MutationBuffer b, string from, string to)
    {
        var latin = Encoding.Latin1;
        b.Replace(latin.GetBytes(latin.GetString(b.ToArray()).Replace(from, to, StringComparison.Ordinal)));
    }

    private static void LongLine(MutationBuffer b)
    {
        var prefix = b.Pick(new[] { "RUN ", "ENV ", "LABEL ", "ARG ", "COPY ", "FROM ", "# ", "HEALTHCHECK CMD ", "X", "RUN [" });
        var unit = b.Pick(FuzzTokens.LongLineUnits);
        int length = 4 * 1024 + b.Random.Next(b.Random.Next(8) == 0 ? 200 * 1024 : 28 * 1024);
        var sb = new StringBuilder(prefix, length + 16);
        while (sb.Length < length)
        {
            sb.Append(unit);
        }

        b.Insert(b.LineStart(), sb.Append('\n').ToString());
    }

    private static void DeepNesting(MutationBuffer b)
    {
        var (open, close) = b.Pick(FuzzTokens.Nesting);
        int depth = 100 + b.Random.Next(b.Random.Next(8) == 0 ? 20_000 : 2_000);
        bool closed = b.Random.Next(2) == 0;
        var sb = new StringBuilder(b.Pick(new[] { "RUN ", "CMD ", "ENV a=", "ARG a=", "COPY ", "RUN <<EOF ", "" }));
        sb.Insert(sb.Length, open, depth);
        if (closed)
        {
            sb.Insert(sb.Length, close, depth);
        }

        b.Insert(b.LineStart(), sb.Append('\n').ToString());
    }

    private static void ManyHeredocs(MutationBuffer b)
    {
        int n = 2 + b.Random.Next(b.Random.Next(4) == 0 ? 2_000 : 50);
        var head = new StringBuilder(b.Pick(new[] { "RUN", "COPY", "ADD", "ONBUILD RUN" }));
        var bodies = new StringBuilder();
        for (int i = 0; i < n; i++)
        {
            bool chomp = b.Random.Next(3) == 0;
            string quote = b.Random.Next(3) == 0 ? "'" : string.Empty;
            head.Append(' ').Append(chomp ? "<<-" : "<<").Append(quote).Append('H').Append(i).Append(quote);
            bodies.Append(chomp ? "\t" : string.Empty).Append("line ").Append(i).Append(" $x\n");
            if (b.Random.Next(20) != 0)
            {
                bodies.Append(chomp ? "\t" : string.Empty).Append('H').Append(i).Append('\n');
            }
        }

        b.Insert(b.LineStart(), head.Append(" /dst\n").Append(bodies).ToString());
    }

    private static void LineShuffle(MutationBuffer b)
    {
        var (start, end) = b.Line();
        var line = b.Slice(start, end - start);
        switch (b.Random.Next(3))
        {
            case 0:
                b.Remove(start, end - start);
                break;
            case 1:
                b.Insert(end, line);
                break;
            default:
                b.Remove(start, end - start);
                b.Insert(b.LineStart(), line);
                break;
        }
    }

    private static void CaseFlip(MutationBuffer b)
    {
        int start = b.Position();
        int end = Math.Min(b.Count, start + b.Length(32));
        for (int i = start; i < end; i++)
        {
            byte c = b[i];
            if ((c >= (byte)'a' && c <= (byte)'z') || (c >= (byte)'A' && c <= (byte)'Z'))
            {
                b[i] = (byte)(c ^ 0x20);
            }
        }
    }

    private static void SwapEscape(MutationBuffer b)
    {
        byte from = b.Random.Next(2) == 0 ? (byte)'\\' : (byte)'`';
        byte to = from == (byte)'\\' ? (byte)'`' : (byte)'\\';
        for (int i = 0; i < b.Count; i++)
        {
            if (b[i] == from)
            {
                b[i] = to;
            }
        }
    }
}
