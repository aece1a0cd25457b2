namespace Builder.Cache.Layers.Compression;

/// <summary>The boilerplate of a forward-only, write-only stream.</summary>
internal abstract class WriteOnlyStream : Stream
{
    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public abstract override void Write(ReadOnlySpan<byte> buffer);

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void WriteByte(byte value) => Write([value]);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}

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
