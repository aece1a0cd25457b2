using System.Text;

namespace Builder.Parser.Ignore;

/// <summary>
/// A compiled regular expression that answers one question, "does it match anywhere in the
/// text?" (Go's <c>MatchString</c>), in time linear in the text: a Thompson automaton run
/// breadth-first over code points, so no pattern can make it backtrack. A literal prefix after
/// <c>^</c> and a literal suffix before <c>$</c> are checked first, which rejects most paths
/// without running the automaton at all.
/// </summary>
internal sealed class Re2Program
{
    private const byte OpChar = 0;
    private const byte OpSplit = 1;
    private const byte OpJump = 2;
    private const byte OpAssert = 3;
    private const byte OpMatch = 4;
    private const int StackLimit = 128;

    private readonly byte[] _ops;
    private readonly int[] _x; // Char: unused; Split: first branch; Jump: target; Assert: kind
    private readonly int[] _y; // Split: second branch
    private readonly Re2CharSet?[] _sets;
    private readonly bool _anchoredStart;
    private readonly string _prefix;
    private readonly string _suffix;

    private Re2Program(Builder b, bool anchoredStart, string prefix, string suffix)
    {
        _ops = b.Ops.ToArray();
        _x = b.X.ToArray();
        _y = b.Y.ToArray();
        _sets = b.Sets.ToArray();
        _anchoredStart = anchoredStart;
        _prefix = prefix;
        _suffix = suffix;
    }

    /// <summary>Parses and compiles <paramref name="regex"/>; null with Go's message on error.</summary>
    public static Re2Program? Compile(string regex, out string? error)
    {
        var root = Re2Parser.Parse(regex, out error);
        if (root is null)
        {
            return null;
        }

        var builder = new Builder();
        builder.Emit(root);
        builder.Add(OpMatch, 0, 0, null);
        var items = root is Re2ConcatNode concat ? concat.Items : new List<Re2Node> { root };
        bool anchored = items.Count > 0 && items[0] is Re2AssertNode { Kind: Re2Assertion.BeginText };
        LiteralEnds(items, out string prefix, out string suffix);
        return new Re2Program(builder, anchored, prefix, suffix);
    }

    public bool IsMatch(ReadOnlySpan<char> text)
    {
        if (text.Length < _prefix.Length + _suffix.Length
            || !text.StartsWith(_prefix.AsSpan())
            || !text.EndsWith(_suffix.AsSpan()))
        {
            return false;
        }

        int n = _ops.Length;
        Span<int> current = n <= StackLimit ? stackalloc int[n] : new int[n];
        Span<int> next = n <= StackLimit ? stackalloc int[n] : new int[n];
        Span<int> marks = n <= StackLimit ? stackalloc int[n] : new int[n];
        int stamp = 1;
        int count = 0;
        if (AddThread(current, ref count, marks, stamp, 0, text, 0))
        {
            return true;
        }

        int pos = 0;
        while (pos < text.Length)
        {
            int cp = text[pos];
            int width = 1;
            if (char.IsHighSurrogate(text[pos]) && pos + 1 < text.Length && char.IsLowSurrogate(text[pos + 1]))
            {
                cp = char.ConvertToUtf32(text[pos], text[pos + 1]);
                width = 2;
            }
            else if (char.IsSurrogate(text[pos]))
            {
                cp = 0xFFFD; // a byte that is not UTF-8; Go decodes it as U+FFFD
            }

            stamp++;
            int nextCount = 0;
            for (int i = 0; i < count; i++)
            {
                int pc = current[i];
                if (_ops[pc] == OpChar && _sets[pc]!.Contains(cp)
                    && AddThread(next, ref nextCount, marks, stamp, pc + 1, text, pos + width))
                {
                    return true;
                }
            }

            pos += width;
            if (!_anchoredStart && AddThread(next, ref nextCount, marks, stamp, 0, text, pos))
            {
                return true;
            }

            if (nextCount == 0 && _anchoredStart)
            {
                return false;
            }

            var swap = current;
            current = next;
            next = swap;
            count = nextCount;
        }

        return false;
    }

    // Adds pc and everything reachable from it without consuming input. True when that reaches Match.
    private bool AddThread(Span<int> list, ref int count, Span<int> marks, int stamp, int pc, ReadOnlySpan<char> text, int pos)
    {
        while (true)
        {
            if (marks[pc] == stamp)
            {
                return false;
            }

            marks[pc] = stamp;
            switch (_ops[pc])
            {
                case OpMatch:
                    return true;
                case OpJump:
                    pc = _x[pc];
                    continue;
                case OpSplit:
                    if (AddThread(list, ref count, marks, stamp, _x[pc], text, pos))
                    {
                        return true;
                    }

                    pc = _y[pc];
                    continue;
                case OpAssert:
                    if (!Holds((Re2Assertion)_x[pc], text, pos))
                    {
                        return false;
                    }

                    pc++;
                    continue;
                default:
                    list[count++] = pc;
                    return false;
            }
        }
    }

    private static bool Holds(Re2Assertion kind, ReadOnlySpan<char> text, int pos) => kind switch
    {
        Re2Assertion.BeginText => pos == 0,
        Re2Assertion.EndText => pos == text.Length,
        Re2Assertion.WordBoundary => IsWordBefore(text, pos) != IsWordAt(text, pos),
        _ => IsWordBefore(text, pos) == IsWordAt(text, pos),
    };

    private static bool IsWordBefore(ReadOnlySpan<char> text, int pos) => pos > 0 && IsWord(text[pos - 1]);

    private static bool IsWordAt(ReadOnlySpan<char> text, int pos) => pos < text.Length && IsWord(text[pos]);

    // RE2's \b is ASCII-only.
    private static bool IsWord(char c) =>
        (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';

    // The literal characters every match must start and end with, taken from the top level.
    private static void LiteralEnds(List<Re2Node> items, out string prefix, out string suffix)
    {
        var sb = new StringBuilder();
        int first = items.Count;
        if (items.Count > 0 && items[0] is Re2AssertNode { Kind: Re2Assertion.BeginText })
        {
            first = 1;
            while (first < items.Count && items[first] is Re2SetNode s && s.Set.IsSingle(out int cp))
            {
                AppendCodePoint(sb, cp);
                first++;
            }
        }

        prefix = sb.ToString();
        sb.Clear();
        if (items.Count > 0 && items[items.Count - 1] is Re2AssertNode { Kind: Re2Assertion.EndText })
        {
            var reversed = new List<int>();
            for (int i = items.Count - 2; i >= first && items[i] is Re2SetNode s && s.Set.IsSingle(out int cp); i--)
            {
                reversed.Add(cp);
            }

            for (int i = reversed.Count - 1; i >= 0; i--)
            {
                AppendCodePoint(sb, reversed[i]);
            }
        }

        suffix = sb.ToString();
    }

    private static void AppendCodePoint(StringBuilder sb, int cp)
    {
        if (cp < 0x10000)
        {
            sb.Append((char)cp);
        }
        else
        {
            sb.Append(char.ConvertFromUtf32(cp));
        }
    }

    private sealed class Builder
    {
        public List<byte> Ops { get; } = new();

        public List<int> X { get; } = new();

        public List<int> Y { get; } = new();

        public List<Re2CharSet?> Sets { get; } = new();

        private int Next => Ops.Count;

        public int Add(byte op, int x, int y, Re2CharSet? set)
        {
            Ops.Add(op);
            X.Add(x);
            Y.Add(y);
            Sets.Add(set);
            return Ops.Count - 1;
        }

        public void Emit(Re2Node node)
        {
            switch (node)
            {
                case Re2SetNode set:
                    Add(OpChar, 0, 0, set.Set);
                    break;
                case Re2AssertNode assert:
                    Add(OpAssert, (int)assert.Kind, 0, null);
                    break;
                case Re2ConcatNode concat:
                    foreach (var item in concat.Items)
                    {
                        Emit(item);
                    }

                    break;
                case Re2AlternateNode alternate:
                    var exits = new List<int>();
                    for (int i = 0; i < alternate.Branches.Count - 1; i++)
                    {
                        int split = Add(OpSplit, Next + 1, 0, null);
                        Emit(alternate.Branches[i]);
                        exits.Add(Add(OpJump, 0, 0, null));
                        Y[split] = Next;
                    }

                    Emit(alternate.Branches[alternate.Branches.Count - 1]);
                    foreach (int exit in exits)
                    {
                        X[exit] = Next;
                    }

                    break;
                case Re2RepeatNode repeat:
                    EmitRepeat(repeat);
                    break;
            }
        }

        private void EmitRepeat(Re2RepeatNode repeat)
        {
            int mandatory = repeat.Max < 0 ? Math.Max(repeat.Min - 1, 0) : repeat.Min;
            for (int i = 0; i < mandatory; i++)
            {
                Emit(repeat.Sub);
            }

            if (repeat.Max < 0)
            {
                int loop = Next;
                if (repeat.Min >= 1)
                {
                    // x{n,} = x^(n-1) x+ : one more x, then loop back or go on.
                    Emit(repeat.Sub);
                    Add(OpSplit, loop, Next + 1, null);
                }
                else
                {
                    // x* : choose between one more x and going on.
                    int split = Add(OpSplit, Next + 1, 0, null);
                    Emit(repeat.Sub);
                    Add(OpJump, split, 0, null);
                    Y[split] = Next;
                }

                return;
            }

            // x{n,m}: m - n optional copies, each of which may skip to the end.
            var skips = new List<int>();
            for (int i = repeat.Min; i < repeat.Max; i++)
            {
                skips.Add(Add(OpSplit, Next + 1, 0, null));
                Emit(repeat.Sub);
            }

            foreach (int skip in skips)
            {
                Y[skip] = Next;
            }
        }
    }
}
