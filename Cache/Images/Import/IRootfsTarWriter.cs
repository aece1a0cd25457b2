namespace Builder.Cache.Images.Import;

/// <summary>
/// Writes a directory as an uncompressed layer tar; <see cref="LayerTarRootfsWriter"/> by default,
/// another writer in tests.
/// </summary>
public interface IRootfsTarWriter
{
    Task WriteAsync(string directory, Stream destination, CancellationToken cancellationToken);
}
