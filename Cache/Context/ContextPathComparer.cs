namespace Builder.Cache.Context;

/// <summary>
/// The canonical order of context paths: component by component, each compared by Unicode code
/// point (the order of their UTF-8 bytes). It is the order of a depth-first walk that visits a
/// directory's children sorted by name, so a directory's descendants follow it contiguously:
/// <c>a</c>, <c>a/b</c>, <c>a/c</c>, <c>a.txt</c>.
/// </summary>
public sealed class ContextPathComparer : IComparer<string>
{
    public static ContextPathComparer Instance { get; } = new();

    private ContextPathComparer()
    {
    }

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        if (y is null)
        {
            return 1;
        }

        int n = Math.Min(x.Length, y.Length);
        int i = x.AsSpan(0, n).CommonPrefixLength(y.AsSpan(0, n));
        if (i == n)
        {
            return x.Length.CompareTo(y.Length);
        }

        char a = x[i];
        char b = y[i];
        if (a == '/')
        {
            return -1; // the end of a component sorts before any character
        }

        if (b == '/')
        {
            return 1;
        }

        return CodePointOrder(a).CompareTo(CodePointOrder(b));
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="root"/> or below it.</summary>
    public static bool IsSameOrUnder(string path, string root) =>
        root.Length == 0 ||
        (path.StartsWith(root, StringComparison.Ordinal) && (path.Length == root.Length || path[root.Length] == '/'));

    // UTF-16 code units sort like code points except that surrogates (D800-DFFF, i.e. code points
    // above FFFF) must come after E000-FFFF.
    private static int CodePointOrder(char c) => c < 0xD800 ? c : c >= 0xE000 ? c - 0x800 : c + 0x2000;
}
