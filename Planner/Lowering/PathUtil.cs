namespace Builder.Planner.Lowering;

/// <summary>Go's <c>path.Clean</c> / <c>path.Join</c> for slash paths, and BuildKit's WORKDIR and COPY-destination rules.</summary>
internal static class PathUtil
{
    public static string Clean(string path)
    {
        if (path.Length == 0)
        {
            return ".";
        }

        bool rooted = path[0] == '/';
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (parts.Count > 0 && parts[^1] != "..")
                {
                    parts.RemoveAt(parts.Count - 1);
                }
                else if (!rooted)
                {
                    parts.Add("..");
                }

                continue;
            }

            parts.Add(part);
        }

        var joined = string.Join("/", parts);
        return rooted ? "/" + joined : joined.Length == 0 ? "." : joined;
    }

    public static string Join(params string[] parts) => Clean(string.Join("/", parts.Where(p => p.Length > 0)));

    /// <summary>WORKDIR: relative to the previous one, cleaned, absolute.</summary>
    public static string Workdir(string current, string requested) =>
        requested.StartsWith('/') ? Clean(requested) : Join("/", current, requested);

    /// <summary>A COPY/ADD destination made absolute against WORKDIR; a trailing <c>/</c> (or <c>/.</c>, <c>.</c>) is kept.</summary>
    public static string Destination(string workdir, string dest)
    {
        if (dest is "." or "")
        {
            dest = "./";
        }

        bool keepSlash = dest.EndsWith('/') || dest.EndsWith("/.", StringComparison.Ordinal);
        var cleaned = dest.StartsWith('/') ? Clean(dest) : Join("/", workdir, dest);
        return keepSlash && cleaned != "/" ? cleaned + "/" : cleaned;
    }
}
