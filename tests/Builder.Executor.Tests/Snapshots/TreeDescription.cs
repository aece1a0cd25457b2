using System.Security.Cryptography;
using System.Text;
using Builder.Executor.Snapshots;
using Builder.Executor.Snapshots.Native;

namespace Builder.Executor.Tests.Snapshots;

/// <summary>
/// A tree as text, one line per path: type, mode, owner, size, content hash, link target, device
/// numbers, user xattrs, which earlier path it is a hard link of, and regular files' mtimes
/// (directory mtimes move with every apply and are left out).
/// </summary>
internal static class TreeDescription
{
    public static string Of(string root)
    {
        var lines = new List<string>();
        var firstPathOfInode = new Dictionary<ulong, string>();
        var pending = new List<string> { "" };
        var all = new List<string>();
        while (pending.Count > 0)
        {
            var relative = pending[^1];
            pending.RemoveAt(pending.Count - 1);
            all.Add(relative);
            var full = TreeManifest.Combine(root, relative);
            if (SnapshotLibC.LStat(full) is { IsDirectory: true })
            {
                pending.AddRange(Directory.EnumerateFileSystemEntries(full, "*", TreeManifest.ListOptions).Select(e => TreeManifest.Join(relative, Path.GetFileName(e))));
            }
        }

        all.Sort(StringComparer.Ordinal);
        foreach (var relative in all.Where(r => r.Length > 0))
        {
            var full = TreeManifest.Combine(root, relative);
            var st = SnapshotLibC.LStat(full)!.Value;
            var line = new StringBuilder($"{relative} type={st.Type >> 12:x} mode={Convert.ToString(st.Mode & 0xFFF, 8)} owner={st.Uid}:{st.Gid}");
            switch (st.Type)
            {
                case 0x8000:
                    line.Append($" size={st.Size} sha={Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(full)))[..16]} mtime={st.MtimeSeconds}");
                    if (!firstPathOfInode.TryAdd(st.Inode, relative))
                    {
                        line.Append($" hardlink-of={firstPathOfInode[st.Inode]}");
                    }

                    break;
                case 0xA000:
                    line.Append($" -> {new FileInfo(full).LinkTarget}");
                    break;
                case 0x2000 or 0x6000:
                    line.Append($" dev={st.RdevMajor},{st.RdevMinor}");
                    break;
            }

            foreach (var name in SnapshotLibC.ListXattrs(full).Where(n => n.StartsWith("user.", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            {
                line.Append($" {name}={Encoding.UTF8.GetString(SnapshotLibC.GetXattr(full, name) ?? [])}");
            }

            lines.Add(line.ToString());
        }

        return string.Join('\n', lines);
    }
}
