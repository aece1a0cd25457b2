using System.Globalization;

namespace Builder.Executor.Steps;

/// <summary>Numeric owners: <c>--chown=UID[:GID]</c> and WORKDIR's USER (names need the image's /etc/passwd: not yet).</summary>
internal static class Ownership
{
    /// <summary>(0, 0) for null/empty/root; UID[:GID] when numeric (GID defaults to UID, as BuildKit); null otherwise.</summary>
    public static (uint Uid, uint Gid)? ParseUser(string? text)
    {
        if (string.IsNullOrEmpty(text) || text is "root" or "root:root" or "0" or "0:0")
        {
            return (0, 0);
        }

        var parts = text.Split(':');
        if (parts.Length > 2 || !uint.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var uid))
        {
            return null;
        }

        if (parts.Length == 1)
        {
            return (uid, uid);
        }

        return uint.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var gid) ? (uid, gid) : null;
    }

    /// <summary>An octal <c>--chmod</c> (e.g. 755, 0644), or null.</summary>
    public static uint? ParseMode(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Length > 4 || text.Any(c => c is < '0' or > '7'))
        {
            return null;
        }

        return Convert.ToUInt32(text, 8);
    }
}
