using System.Collections.Immutable;
using System.Globalization;

namespace Builder.Executor.Run;

/// <summary>
/// The process identity of a RUN as BuildKit resolves USER against the step's root file system
/// (<c>/etc/passwd</c>, <c>/etc/group</c>): <c>user[:group]</c>, names or numbers. A user found in
/// passwd gives its primary gid unless a group is named; a uid missing from passwd runs with gid
/// 0; a name missing is an error. Supplementary groups are the groups that list the user by name.
/// </summary>
internal sealed record RunUser(uint Uid, uint Gid, ImmutableArray<uint> AdditionalGids)
{
    public static RunUser Resolve(string rootfs, string? user)
    {
        var passwd = Entries(rootfs, "/etc/passwd");
        var groups = Entries(rootfs, "/etc/group");
        var spec = string.IsNullOrEmpty(user) ? "root" : user;
        var parts = spec.Split(':', 2);
        string? name = null;
        uint uid, gid = 0;
        var entry = passwd.FirstOrDefault(e => e.Length > 3 && (e[0] == parts[0] || (Number(parts[0]) is { } n && Number(e[2]) == n)));
        if (entry is not null && Number(entry[2]) is { } u && Number(entry[3]) is { } g)
        {
            (name, uid, gid) = (entry[0], u, g);
        }
        else if (Number(parts[0]) is { } numeric)
        {
            uid = numeric;
        }
        else if (parts[0] == "root")
        {
            uid = 0;
        }
        else
        {
            throw new IOException($"unable to find user {parts[0]}: no matching entries in the root file system's /etc/passwd. Create the user in an earlier step, or use a numeric UID[:GID].");
        }

        if (parts.Length == 2)
        {
            if (Number(parts[1]) is { } numericGroup)
            {
                gid = numericGroup;
            }
            else if (groups.FirstOrDefault(e => e.Length > 2 && e[0] == parts[1]) is { } named && Number(named[2]) is { } found)
            {
                gid = found;
            }
            else
            {
                throw new IOException($"unable to find group {parts[1]}: no matching entries in the root file system's /etc/group. Create the group in an earlier step, or use a numeric GID.");
            }
        }

        var additional = name is null
            ? ImmutableArray<uint>.Empty
            : [.. groups.Where(e => e.Length > 3 && e[3].Split(',').Contains(name) && Number(e[2]) is { } id && id != gid).Select(e => Number(e[2])!.Value).Distinct()];
        return new RunUser(uid, gid, additional);
    }

    private static List<string[]> Entries(string rootfs, string path)
    {
        var host = RootfsPath.Resolve(rootfs, path);
        return File.Exists(host)
            ? [.. File.ReadAllLines(host).Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split(':'))]
            : [];
    }

    private static uint? Number(string text) =>
        uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
}
