using System.Buffers.Binary;
using System.Text;

namespace Builder.Cache.Context;

/// <summary>
/// The tree digest: one BLAKE3 hash over a set of context entries in canonical form, the content
/// address of a context, a subtree or any selection of it (what a COPY reads).
/// </summary>
/// <remarks>
/// Canonical form, version 1: the text <c>builder.context.tree.v1\n</c>, then for each entry in
/// <see cref="ContextPathComparer"/> order (integers little-endian):
/// <code>
/// u8 type  u32 n + n bytes path (UTF-8)  u32 mode  u32 uid  u32 gid  u64 size
/// u32 n + n bytes link target (UTF-8, empty when none)  32 bytes content hash (zeros when none)
/// </code>
/// Timestamps, inode numbers and devices never take part: a <c>touch</c> does not change a digest.
/// </remarks>
public static class ContextDigest
{
    private static readonly byte[] Domain = "builder.context.tree.v1\n"u8.ToArray();

    /// <summary>The digest of <paramref name="entries"/> under the paths they have (sorted here).</summary>
    /// <exception cref="ArgumentException">Two entries have the same path.</exception>
    public static Blake3Hash Compute(IEnumerable<ContextEntry> entries)
    {
        var sorted = entries.ToList();
        sorted.Sort((a, b) => ContextPathComparer.Instance.Compare(a.Path, b.Path));
        return ComputeSorted(sorted, rebaseFrom: null);
    }

    /// <summary>
    /// The digest of the subtree at <paramref name="root"/> among <paramref name="entries"/>, with
    /// paths made relative to it: the root itself is <c>.</c>, so equal trees at different places
    /// have equal digests. <c>""</c> or <c>.</c> is the whole context, paths unchanged.
    /// </summary>
    public static Blake3Hash ComputeSubtree(IEnumerable<ContextEntry> entries, string root)
    {
        root = NormalizeRoot(root);
        var selected = entries.Where(e => ContextPathComparer.IsSameOrUnder(e.Path, root)).ToList();
        selected.Sort((a, b) => ContextPathComparer.Instance.Compare(a.Path, b.Path));
        return ComputeSorted(selected, root);
    }

    /// <summary><c>./a/b/</c>, <c>/a/b</c> and <c>a/b</c> name the same subtree; <c>.</c> and <c>""</c> the whole context.</summary>
    internal static string NormalizeRoot(string root)
    {
        while (root.StartsWith("./", StringComparison.Ordinal))
        {
            root = root[2..];
        }

        root = root.Trim('/');
        return root == "." ? string.Empty : root;
    }

    /// <summary>Entries already in canonical order; <paramref name="rebaseFrom"/> strips that prefix.</summary>
    internal static Blake3Hash ComputeSorted(IReadOnlyList<ContextEntry> sorted, string? rebaseFrom)
    {
        using var hasher = new Blake3Hasher();
        var buffer = new byte[64 * 1024];
        Domain.CopyTo(buffer, 0);
        int used = Domain.Length;
        string? previous = null;
        foreach (var entry in sorted)
        {
            if (previous is not null && ContextPathComparer.Instance.Compare(previous, entry.Path) >= 0)
            {
                throw new ArgumentException($"Context entries must be unique and in canonical order; \"{entry.Path}\" follows \"{previous}\".", nameof(sorted));
            }

            previous = entry.Path;
            var path = Rebase(entry.Path, rebaseFrom);
            int need = 1 + 4 + Encoding.UTF8.GetMaxByteCount(path.Length) + 20 + 4 +
                Encoding.UTF8.GetMaxByteCount(entry.LinkTarget?.Length ?? 0) + Blake3Hash.Length;
            if (buffer.Length - used < need)
            {
                hasher.Update(buffer.AsSpan(0, used));
                used = 0;
                if (buffer.Length < need)
                {
                    buffer = new byte[need];
                }
            }

            used += Encode(entry, path, buffer.AsSpan(used));
        }

        hasher.Update(buffer.AsSpan(0, used));
        return hasher.GetHash();
    }

    private static string Rebase(string path, string? root)
    {
        if (string.IsNullOrEmpty(root))
        {
            return path;
        }

        return path.Length == root.Length ? "." : path[(root.Length + 1)..];
    }

    private static int Encode(ContextEntry entry, string path, Span<byte> d)
    {
        int i = 0;
        d[i++] = (byte)entry.Type;
        i += WriteString(path, d[i..]);
        BinaryPrimitives.WriteUInt32LittleEndian(d[i..], entry.Mode);
        BinaryPrimitives.WriteUInt32LittleEndian(d[(i + 4)..], entry.Uid);
        BinaryPrimitives.WriteUInt32LittleEndian(d[(i + 8)..], entry.Gid);
        BinaryPrimitives.WriteUInt64LittleEndian(d[(i + 12)..], (ulong)entry.Size);
        i += 20;
        i += WriteString(entry.LinkTarget ?? string.Empty, d[i..]);
        var hash = d.Slice(i, Blake3Hash.Length);
        if (entry.ContentHash is { } h)
        {
            h.CopyTo(hash);
        }
        else
        {
            hash.Clear();
        }

        return i + Blake3Hash.Length;
    }

    private static int WriteString(string text, Span<byte> d)
    {
        int n = Encoding.UTF8.GetBytes(text, d[4..]);
        BinaryPrimitives.WriteUInt32LittleEndian(d, (uint)n);
        return 4 + n;
    }
}
