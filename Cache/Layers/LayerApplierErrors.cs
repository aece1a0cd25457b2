namespace Builder.Cache.Layers;

/// <summary>Builds the applier's error messages: the layer, the entry, what is wrong.</summary>
internal sealed class LayerApplierErrors
{
    public LayerApplierErrors(string layer)
    {
        Layer = layer;
    }

    /// <summary>How messages name the layer: its digest when known, else where it was being applied.</summary>
    public string Layer { get; }

    /// <summary>The entry would write outside the root or through a symlink, or names something impossible.</summary>
    public LayerApplyException Hostile(string entry, string what) =>
        new($"layer {Layer} entry '{Printable(entry)}' {what}; the layer is hostile or corrupt", entry);

    /// <summary>The layer's bytes are malformed at (or after) an entry, or as a whole when <paramref name="entry"/> is null.</summary>
    public LayerApplyException Corrupt(string? entry, string what, Exception? inner) =>
        entry is null
            ? new($"layer {Layer}: the {what}; the layer is corrupt", null, inner)
            : new($"layer {Layer} entry '{Printable(entry)}' {what}; the layer is corrupt", entry, inner);

    /// <summary>The file system refused an operation for an entry.</summary>
    public LayerApplyException Failed(string entry, Exception inner) =>
        new($"layer {Layer} entry '{Printable(entry)}' could not be applied: {inner.Message}", entry, inner);

    /// <summary>Entry names are shown with NUL and control characters escaped.</summary>
    public static string Printable(string name)
    {
        if (!name.Any(char.IsControl))
        {
            return name;
        }

        var builder = new System.Text.StringBuilder(name.Length + 8);
        foreach (char c in name)
        {
            builder.Append(char.IsControl(c) ? $"\\x{(int)c:x2}" : c.ToString());
        }

        return builder.ToString();
    }
}
