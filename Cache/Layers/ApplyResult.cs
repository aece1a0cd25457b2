using System.Collections.Immutable;
using Builder.Cache.Oci;

namespace Builder.Cache.Layers;

/// <summary>What one <see cref="LayerApplier.ApplyAsync"/> did and read.</summary>
/// <param name="Digest">sha256 of the blob as read (compressed).</param>
/// <param name="Size">Bytes of the blob as read.</param>
/// <param name="DiffId">sha256 of the uncompressed tar stream.</param>
/// <param name="UncompressedSize">Bytes of the uncompressed tar stream.</param>
/// <param name="Counts">Entries applied, by kind.</param>
/// <param name="Warnings">Entries skipped or applied partly, in tar order.</param>
public sealed record ApplyResult(
    Digest Digest,
    long Size,
    Digest DiffId,
    long UncompressedSize,
    ApplyCounts Counts,
    ImmutableArray<ApplyWarning> Warnings);

/// <summary>How many entries of each kind were applied.</summary>
public sealed record ApplyCounts(
    int Files,
    int Directories,
    int Symlinks,
    int Hardlinks,
    int Devices,
    int Fifos,
    int Whiteouts,
    int OpaqueDirectories,
    int Skipped,
    long FileBytes)
{
    public int Total => Files + Directories + Symlinks + Hardlinks + Devices + Fifos + Whiteouts + OpaqueDirectories;
}

/// <summary>Something the applier could not do as the layer asked, without the layer being wrong.</summary>
/// <param name="Entry">The tar entry name, as written in the layer.</param>
/// <param name="Message">What was skipped or changed, and why.</param>
public sealed record ApplyWarning(string Entry, string Message)
{
    public override string ToString() => $"{Entry}: {Message}";
}
