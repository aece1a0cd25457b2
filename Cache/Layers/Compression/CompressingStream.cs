using Builder.Cache.IO;

namespace Builder.Cache.Layers.Compression;

/// <summary>
/// A compressing stream whose output is only complete after <see cref="Complete"/>; disposing
/// without completing releases everything and writes nothing more (the write is being abandoned).
/// </summary>
internal abstract class CompressingStream : WriteOnlyStream
{
    public abstract void Complete();

    /// <summary>Does nothing: flushing mid-stream would change the compressed bytes.</summary>
    public override void Flush()
    {
    }
}
