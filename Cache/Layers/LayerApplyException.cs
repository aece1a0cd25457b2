namespace Builder.Cache.Layers;

/// <summary>
/// A layer could not be applied: it is hostile or corrupt (a path escaping the target, a write
/// through a symlink, a truncated tar, a digest mismatch) or the file system refused an operation.
/// The message names the layer and the entry and says what is wrong. With
/// <see cref="ApplyTarget.Fresh"/> nothing is left behind.
/// </summary>
public sealed class LayerApplyException : Exception
{
    public LayerApplyException(string message, string? entry, Exception? inner = null)
        : base(message, inner)
    {
        Entry = entry;
    }

    /// <summary>The tar entry name at fault, as written in the layer; null for whole-stream problems.</summary>
    public string? Entry { get; }
}
