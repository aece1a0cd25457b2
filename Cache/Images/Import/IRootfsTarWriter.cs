namespace Builder.Cache.Images.Import;

/// <summary>
/// Writes a directory as an uncompressed layer tar. The seam where the managed, deterministic layer
/// writer (Cache/Layers, in progress on another branch) plugs in; until it lands,
/// <see cref="GnuTarRootfsWriter"/> does the work.
/// </summary>
public interface IRootfsTarWriter
{
    Task WriteAsync(string directory, Stream destination, CancellationToken cancellationToken);
}
