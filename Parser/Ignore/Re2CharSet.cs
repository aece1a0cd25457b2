using System.Globalization;

namespace Builder.Parser.Ignore;

/// <summary>
/// A set of code points as RE2 builds it for a character class: explicit ranges, Unicode general
/// categories (for <c>\pL</c> and friends) and an overall negation. Membership of ASCII is
/// precomputed into two bit masks, which is all most paths ever need.
/// </summary>
internal sealed class Re2CharSet
{
    public const int MaxCodePoint = 0x10FFFF;

    private readonly int[] _ranges; // sorted, merged [lo, hi] pairs
    private readonly uint[] _categories; // bit per UnicodeCategory; high bit = negated component
    private readonly bool _negated;
    private readonly ulong _asciiLow;
    private readonly ulong _asciiHigh;

    private Re2CharSet(int[] ranges, uint[] categories, bool negated)
    {
        _ranges = ranges;
        _categories = categories;
        _negated = negated;
        for (int c = 0; c < 128; c++)
        {
            if (ContainsSlow(c))
            {
                if (c < 64)
                {
                    _asciiLow |= 1UL << c;
                }
                else
                {
                    _asciiHigh |= 1UL << (c - 64);
                }
            }
        }
    }

    /// <summary><c>.</c> without the s flag: anything but a newline.</summary>
    public static Re2CharSet AnyButNewline { get; } = new(new[] { 0, 9, 11, MaxCodePoint }, Array.Empty<uint>(), false);

    public static Re2CharSet Single(int cp) => new(new[] { cp, cp }, Array.Empty<uint>(), false);

    public bool Contains(int cp)
    {
        if (cp < 64)
        {
            return (_asciiLow & (1UL << cp)) != 0;
        }

        if (cp < 128)
        {
            return (_asciiHigh & (1UL << (cp - 64))) != 0;
        }

        return ContainsSlow(cp);
    }

    /// <summary>True when the set is exactly one code point (a plain literal).</summary>
    public bool IsSingle(out int cp)
    {
        cp = _ranges.Length == 2 ? _ranges[0] : -1;
        return !_negated && _categories.Length == 0 && _ranges.Length == 2 && _ranges[0] == _ranges[1];
    }

    private bool ContainsSlow(int cp)
    {
        bool found = InRanges(cp);
        if (!found && _categories.Length > 0)
        {
            uint bit = 1u << (int)GetCategory(cp);
            foreach (uint component in _categories)
            {
                bool negatedComponent = (component & 0x8000_0000u) != 0;
                if (((component & bit) != 0) != negatedComponent)
                {
                    found = true;
                    break;
                }
            }
        }

        return found != _negated;
    }

    private bool InRanges(int cp)
    {
        int lo = 0;
        int hi = (_ranges.Length / 2) - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) / 2;
            if (cp < _ranges[2 * mid])
            {
                hi = mid - 1;
            }
            else if (cp > _ranges[(2 * mid) + 1])
            {
                lo = mid + 1;
            }
            else
            {
                return true;
            }
        }

        return false;
    }

    private static UnicodeCategory GetCategory(int cp)
    {
#if NET
        return CharUnicodeInfo.GetUnicodeCategory(cp);
#else
        return cp < 0x10000
            ? CharUnicodeInfo.GetUnicodeCategory((char)cp)
            : CharUnicodeInfo.GetUnicodeCategory(char.ConvertFromUtf32(cp), 0);
#endif
    }

    /// <summary>Collects the parts of one class before it is frozen.</summary>
    internal sealed class Builder
    {
        private readonly List<int> _ranges = new();
        private readonly List<uint> _categories = new();

        public void AddRange(int lo, int hi)
        {
            _ranges.Add(lo);
            _ranges.Add(hi);
        }

        /// <summary>Adds sorted ranges, or everything outside them when <paramref name="negate"/>.</summary>
        public void AddRanges(int[] pairs, bool negate)
        {
            if (!negate)
            {
                _ranges.AddRange(pairs);
                return;
            }

            int next = 0;
            for (int i = 0; i < pairs.Length; i += 2)
            {
                if (pairs[i] > next)
                {
                    AddRange(next, pairs[i] - 1);
                }

                next = pairs[i + 1] + 1;
            }

            if (next <= MaxCodePoint)
            {
                AddRange(next, MaxCodePoint);
            }
        }

        public void AddCategories(uint mask, bool negate) =>
            _categories.Add(negate ? mask | 0x8000_0000u : mask);

        public Re2CharSet Build(bool negated) => new(Normalize(_ranges), _categories.ToArray(), negated);

        private static int[] Normalize(List<int> flat)
        {
            var pairs = new List<(int Lo, int Hi)>(flat.Count / 2);
            for (int i = 0; i < flat.Count; i += 2)
            {
                pairs.Add((flat[i], flat[i + 1]));
            }

            pairs.Sort((a, b) => a.Lo.CompareTo(b.Lo));
            var merged = new List<int>(flat.Count);
            foreach (var (lo, hi) in pairs)
            {
                int last = merged.Count - 1;
                if (last > 0 && lo <= merged[last] + 1)
                {
                    merged[last] = Math.Max(merged[last], hi);
                }
                else
                {
                    merged.Add(lo);
                    merged.Add(hi);
                }
            }

            return merged.ToArray();
        }
    }
}
