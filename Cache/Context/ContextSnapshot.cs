using System.Collections.Immutable;

namespace Builder.Cache.Context;

/// <summary>
/// The result of a full walk: every kept entry of a context in canonical order, with lookups and
/// tree digests for the whole context, a subtree or a selection. Immutable.
/// </summary>
public sealed class ContextSnapshot
{
    private readonly Lazy<Blake3Hash> _digest;

    /// <param name="entries">Entries with unique paths; sorted here into canonical order.</param>
    public ContextSnapshot(IEnumerable<ContextEntry> entries)
    {
        var builder = entries.ToImmutableArray().ToBuilder();
        builder.Sort((a, b) => ContextPathComparer.Instance.Compare(a.Path, b.Path));
        Entries = builder.DrainToImmutable();
        _digest = new Lazy<Blake3Hash>(() => ContextDigest.ComputeSorted(Entries, rebaseFrom: null));
        _ = Digest; // validates uniqueness now, not on first use
    }

    /// <summary>All entries in <see cref="ContextPathComparer"/> order.</summary>
    public ImmutableArray<ContextEntry> Entries { get; }

    /// <summary>The tree digest of the whole context (see <see cref="ContextDigest"/>).</summary>
    public Blake3Hash Digest => _digest.Value;

    /// <summary>The entry at <paramref name="path"/>, or null.</summary>
    public ContextEntry? Find(string path)
    {
        int i = IndexOf(ContextDigest.NormalizeRoot(path));
        return i >= 0 ? Entries[i] : null;
    }

    /// <summary>The entry at <paramref name="path"/> and everything below it (all entries for <c>.</c>).</summary>
    public ImmutableArray<ContextEntry> Subtree(string path)
    {
        var root = ContextDigest.NormalizeRoot(path);
        if (root.Length == 0)
        {
            return Entries;
        }

        int start = IndexOf(root);
        if (start < 0)
        {
            start = ~start; // not an entry itself (filtered out): its descendants may still follow
        }

        int end = start;
        while (end < Entries.Length && ContextPathComparer.IsSameOrUnder(Entries[end].Path, root))
        {
            end++;
        }

        return Entries.AsSpan(start, end - start).ToImmutableArray();
    }

    /// <summary>The digest of the subtree at <paramref name="path"/>, its paths relative to it.</summary>
    public Blake3Hash DigestOf(string path)
    {
        var root = ContextDigest.NormalizeRoot(path);
        return root.Length == 0 ? Digest : ContextDigest.ComputeSorted(Subtree(root), root);
    }

    private int IndexOf(string path)
    {
        int lo = 0;
        int hi = Entries.Length - 1;
        while (lo <= hi)
        {
            int mid = lo + ((hi - lo) / 2);
            int c = ContextPathComparer.Instance.Compare(Entries[mid].Path, path);
            if (c == 0)
            {
                return mid;
            }

            if (c < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return ~lo;
    }
}
