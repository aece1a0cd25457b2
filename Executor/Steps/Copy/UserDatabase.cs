using System.Globalization;

namespace Builder.Executor.Steps.Copy;

/// <summary>
/// Owner resolution as BuildKit does it for <c>--chown</c> and for WORKDIR after USER:
/// <c>user[:group]</c>, each part a number or a name. A user name gives its uid and, when no
/// group is named, its primary gid from <c>/etc/passwd</c>; a numeric user without a group gets
/// gid = uid; a group name is looked up in <c>/etc/group</c>.
/// </summary>
internal sealed class UserDatabase(string? passwd, string? group)
{
    public const string PasswdPath = "/etc/passwd";
    public const string GroupPath = "/etc/group";

    /// <summary>Whether <paramref name="spec"/> names a user or group (and so needs the parent's files).</summary>
    public static bool NeedsLookup(string? spec) => spec is { Length: > 0 } && Ownership.ParseUser(spec) is null;

    /// <summary>The owner <paramref name="spec"/> names; <paramref name="what"/> says where it came from, for the error.</summary>
    /// <exception cref="IOException">A name is not in the parent filesystem's passwd or group file; the message says what to do.</exception>
    public (uint Uid, uint Gid) Resolve(string spec, string what)
    {
        var parts = spec.Split(':', 2);
        uint uid, gid;
        if (TryNumber(parts[0], out uid))
        {
            gid = uid;
        }
        else if (Find(passwd, parts[0]) is { } user)
        {
            uid = Number(user, 2, PasswdPath);
            gid = Number(user, 3, PasswdPath);
        }
        else if (parts[0] == "root" && passwd is null)
        {
            (uid, gid) = (0, 0); // a root file system without /etc/passwd (FROM scratch) still knows root
        }
        else
        {
            throw new IOException($"{what}: unknown user \"{parts[0]}\": it is not in {PasswdPath} of the parent filesystem{Missing(passwd, PasswdPath)}. "
                + "Create the user in an earlier step (or in the base image), or use a numeric UID[:GID].");
        }

        if (parts.Length == 2)
        {
            if (TryNumber(parts[1], out var g))
            {
                gid = g;
            }
            else if (Find(group, parts[1]) is { } entry)
            {
                gid = Number(entry, 2, GroupPath);
            }
            else if (parts[1] == "root" && group is null)
            {
                gid = 0;
            }
            else
            {
                throw new IOException($"{what}: unknown group \"{parts[1]}\": it is not in {GroupPath} of the parent filesystem{Missing(group, GroupPath)}. "
                    + "Create the group in an earlier step (or in the base image), or use a numeric GID.");
            }
        }

        return (uid, gid);
    }

    private static string Missing(string? file, string path) => file is null ? $" ({path} does not exist there)" : string.Empty;

    private static bool TryNumber(string text, out uint value) =>
        uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    private static string[]? Find(string? file, string name)
    {
        if (file is null)
        {
            return null;
        }

        foreach (var line in file.Split('\n'))
        {
            var fields = line.TrimEnd('\r').Split(':');
            if (fields.Length >= 3 && fields[0] == name && !line.StartsWith('#'))
            {
                return fields;
            }
        }

        return null;
    }

    private static uint Number(string[] fields, int index, string path) =>
        fields.Length > index && TryNumber(fields[index], out var n)
            ? n
            : throw new IOException($"{path} of the parent filesystem has a malformed entry for \"{fields[0]}\"; fix that file in the base image or an earlier step.");
}
