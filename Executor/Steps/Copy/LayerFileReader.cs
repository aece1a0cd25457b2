using System.Formats.Tar;
using System.Text;

namespace Builder.Executor.Steps.Copy;

/// <summary>
/// Reads a few small files (such as <c>/etc/passwd</c>) from a chain of layer tars without
/// unpacking them: layers are scanned top-most first and a path is settled by the first layer
/// that has it, deletes it (<c>.wh.name</c> of it or of an ancestor) or hides its directory
/// (<c>.wh..wh..opq</c> in an ancestor).
/// </summary>
internal static class LayerFileReader
{
    private const int MaxSize = 4 << 20; // passwd/group files; anything bigger is not one

    /// <summary>Each wanted path (absolute, e.g. <c>/etc/passwd</c>) → its text, or null when absent.</summary>
    public static IReadOnlyDictionary<string, string?> Read(LayerChain chain, IReadOnlyCollection<string> paths, CancellationToken ct)
    {
        var found = new Dictionary<string, string?>(StringComparer.Ordinal);
        var wanted = paths.Select(p => p.TrimStart('/')).ToHashSet(StringComparer.Ordinal);
        for (int i = chain.Layers.Count - 1; i >= 0 && wanted.Count > 0; i--)
        {
            ct.ThrowIfCancellationRequested();
            using var tar = chain.OpenTar(chain.Layers[i]);
            using var reader = new TarReader(tar);
            var settledHere = new Dictionary<string, string?>(StringComparer.Ordinal);
            while (reader.GetNextEntry() is { } entry)
            {
                var name = Normalize(entry.Name);
                foreach (var path in wanted)
                {
                    if (name == path && entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile)
                    {
                        settledHere[path] = ReadText(entry, path); // wins over a whiteout in the same layer
                    }
                    else if (!settledHere.ContainsKey(path)
                        && (name == path || Hides(name, path) || (path.StartsWith(name + "/", StringComparison.Ordinal) && entry.EntryType != TarEntryType.Directory)))
                    {
                        settledHere[path] = null; // deleted, hidden, or not a regular file (symlinks are not followed)
                    }
                }
            }

            foreach (var (path, text) in settledHere)
            {
                found[path] = text;
                wanted.Remove(path);
            }
        }

        return paths.ToDictionary(p => p, p => found.GetValueOrDefault(p.TrimStart('/')), StringComparer.Ordinal);
    }

    private static string Normalize(string name)
    {
        var n = name.Replace('\\', '/');
        while (n.StartsWith("./", StringComparison.Ordinal))
        {
            n = n[2..];
        }

        return n.TrimStart('/').TrimEnd('/');
    }

    /// <summary>Whether a whiteout entry <paramref name="name"/> removes <paramref name="path"/> from the layers below.</summary>
    private static bool Hides(string name, string path)
    {
        int slash = name.LastIndexOf('/');
        var dir = slash < 0 ? string.Empty : name[..slash];
        var file = name[(slash + 1)..];
        if (!file.StartsWith(".wh.", StringComparison.Ordinal))
        {
            return false;
        }

        var prefix = dir.Length == 0 ? string.Empty : dir + "/";
        if (file == ".wh..wh..opq")
        {
            return path.StartsWith(prefix, StringComparison.Ordinal) && path.Length > prefix.Length;
        }

        var removed = prefix + file[4..];
        return path == removed || path.StartsWith(removed + "/", StringComparison.Ordinal);
    }

    private static string ReadText(TarEntry entry, string path)
    {
        if (entry.Length > MaxSize || entry.DataStream is null)
        {
            throw new IOException($"/{path} in the parent image is {entry.Length} bytes; it is not a user database this build can read");
        }

        using var text = new StreamReader(entry.DataStream, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        return text.ReadToEnd();
    }
}
