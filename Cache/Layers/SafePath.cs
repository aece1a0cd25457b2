namespace Builder.Cache.Layers;

/// <summary>
/// A path inside the layer root after normalisation: components joined by '/', no empty, '.' or
/// '..' components, no leading '/'. The empty path is the root itself.
/// </summary>
internal readonly record struct LayerPath
{
    private LayerPath(string value) => Value = value;

    public static LayerPath Root => new(string.Empty);

    public string Value { get; }

    public bool IsRoot => Value.Length == 0;

    /// <summary>The last component; empty for the root.</summary>
    public string Name => Value.Substring(Value.LastIndexOf('/') + 1);

    public LayerPath Parent
    {
        get
        {
            int slash = Value.LastIndexOf('/');
            return slash < 0 ? Root : new LayerPath(Value.Substring(0, slash));
        }
    }

    public LayerPath Child(string name) => new(IsRoot ? name : Value + "/" + name);

    /// <summary>The host path of this path under <paramref name="root"/>.</summary>
    public string Under(string root) => IsRoot ? root : root + "/" + Value;

    /// <summary>The proper ancestors, outermost first, without the root.</summary>
    public IEnumerable<LayerPath> Ancestors()
    {
        for (int i = Value.IndexOf('/'); i >= 0; i = Value.IndexOf('/', i + 1))
        {
            yield return new LayerPath(Value.Substring(0, i));
        }
    }

    public override string ToString() => IsRoot ? "." : Value;

    internal static LayerPath FromNormalized(string value) => new(value);
}

/// <summary>
/// Lexical normalisation of tar entry names. OCI says absolute names are relative to the root, so
/// leading '/' and './' are dropped; '..' is resolved lexically and rejected when it would climb
/// above the root (GNU tar and Go's tar readers disagree on such names; a layer has no business
/// holding them). Names containing NUL are rejected: the kernel would cut them there.
/// </summary>
internal static class SafePath
{
    public static bool TryNormalize(string name, out LayerPath path, out string problem)
    {
        path = LayerPath.Root;
        if (name.Contains('\0', StringComparison.Ordinal))
        {
            problem = "has a NUL byte in its name";
            return false;
        }

        if (name.Length == 0)
        {
            problem = "has an empty name";
            return false;
        }

        var parts = new List<string>();
        foreach (var part in name.Split('/'))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (parts.Count == 0)
                {
                    problem = "climbs out of the root with '..'";
                    return false;
                }

                parts.RemoveAt(parts.Count - 1);
                continue;
            }

            parts.Add(part);
        }

        path = LayerPath.FromNormalized(string.Join('/', parts));
        problem = string.Empty;
        return true;
    }

    /// <summary>
    /// Whether a symlink at <paramref name="link"/> whose target is <paramref name="target"/> would,
    /// if followed, lead outside the root (an absolute target, or '..' climbing above it).
    /// </summary>
    public static bool PointsOutside(LayerPath link, string target)
    {
        if (target.StartsWith('/'))
        {
            return true;
        }

        int depth = link.Parent.IsRoot ? 0 : link.Parent.Value.Split('/').Length;
        foreach (var part in target.Split('/'))
        {
            if (part == "..")
            {
                if (--depth < 0)
                {
                    return true;
                }
            }
            else if (part.Length > 0 && part != ".")
            {
                depth++;
            }
        }

        return false;
    }
}
