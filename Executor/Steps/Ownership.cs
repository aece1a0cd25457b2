using System.Globalization;

namespace Builder.Executor.Steps;

/// <summary>Numeric owners: <c>--chown=UID[:GID]</c> and WORKDIR's USER; names go through <see cref="Copy.UserDatabase"/>.</summary>
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
}
