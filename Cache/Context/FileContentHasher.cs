using System.Runtime.InteropServices;
using Builder.Cache.Context.Native;

namespace Builder.Cache.Context;

/// <summary>The content hash of one regular file and the stat that describes exactly that content.</summary>
internal readonly record struct FileHashResult(Blake3Hash Hash, FileStat Stat);

/// <summary>
/// Hashes regular files with BLAKE3, streamed through one reused native buffer: a file is never
/// held in memory. A file is opened without following symbolic links and stat'ed again after
/// reading; when that is not the file first stat'ed, or it changed meanwhile, it is reported as
/// changed, so that the caller stats it again and retries (a few times). Not thread-safe: one per walk.
/// </summary>
internal sealed unsafe class FileContentHasher : IDisposable
{
    public const int DefaultBufferSize = 1 << 20;
    public const int MaxAttempts = 3;

    private readonly Blake3Hasher _hasher = new();
    private readonly int _bufferSize;
    private byte* _buffer;

    public FileContentHasher(int bufferSize)
    {
        if (bufferSize < 4096)
        {
            throw new ArgumentOutOfRangeException(nameof(bufferSize), bufferSize, "The read buffer needs at least 4096 bytes.");
        }

        _bufferSize = bufferSize;
        _buffer = (byte*)NativeMemory.AlignedAlloc((nuint)bufferSize, 4096);
    }

    ~FileContentHasher() => Free();

    /// <summary>Files opened so far (each attempt counts).</summary>
    public long FilesOpened { get; private set; }

    /// <summary>Content bytes read so far.</summary>
    public long BytesRead { get; private set; }

    /// <summary>Test hook: runs after a file is opened and before its content is read.</summary>
    internal Action<string>? AfterOpen { get; set; }

    /// <summary>
    /// Hashes the regular file at <paramref name="fullPath"/>, taking its stat first and hashing
    /// again (a few times) when it changes while it is read.
    /// </summary>
    /// <exception cref="ContextException">
    /// The file is missing, cannot be read, is not a regular file, or kept changing.
    /// </exception>
    public FileHashResult Hash(string fullPath, string displayPath, CancellationToken cancellationToken)
    {
        for (int attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            int errno = FileStat.TryLstat(fullPath, out var stat);
            if (errno != 0)
            {
                throw OpenError(displayPath, errno);
            }

            if (stat.Type != ContextEntryType.File)
            {
                throw new ContextException(displayPath, $"{displayPath}: is a {stat.Type.ToString().ToLowerInvariant()}, not a regular file; only regular files have content to hash.");
            }

            if (TryHash(fullPath, displayPath, stat, cancellationToken) is { } result)
            {
                return result;
            }
        }

        throw KeptChanging(displayPath);
    }

    /// <summary>
    /// Hashes the file that <paramref name="expected"/> (its lstat) describes. Null when the path
    /// no longer is that file, or the file changed while it was read: the caller stats it again.
    /// </summary>
    /// <exception cref="ContextException">The file cannot be opened or read.</exception>
    public FileHashResult? TryHash(string fullPath, string displayPath, FileStat expected, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return TryHashOnce(fullPath, displayPath, expected, cancellationToken);
    }

    public static ContextException KeptChanging(string displayPath) => new(displayPath,
        $"{displayPath}: the file kept changing while it was being hashed ({MaxAttempts} attempts). " +
        "Stop the process that writes it during the build, or exclude it in .dockerignore.");

    public void Dispose()
    {
        Free();
        _hasher.Dispose();
        GC.SuppressFinalize(this);
    }

    private FileHashResult? TryHashOnce(string fullPath, string displayPath, FileStat expected, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_buffer == null, this);
        int fd = LibC.Open(fullPath, LibC.ORdOnly | LibC.ONoFollow | LibC.OCloExec | LibC.ONonBlock);
        if (fd < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno is LibC.ELoop or LibC.ENoEnt or LibC.ENotDir)
            {
                return null; // replaced by a symbolic link, or removed, since it was stat'ed
            }

            throw OpenError(displayPath, errno);
        }

        FilesOpened++;
        try
        {
            // Syscalls are most of the cost of small files: open, read (exactly the stat'ed size),
            // fstat, close. The fstat after reading proves the content is the stat'ed file's: same
            // inode and device, same size, mtime and ctime, so nothing wrote to it meanwhile.
            AfterOpen?.Invoke(displayPath);
            _hasher.Reset();
            long total = 0;
            while (total < expected.Size)
            {
                cancellationToken.ThrowIfCancellationRequested();
                nint n = LibC.Read(fd, _buffer, (nuint)Math.Min(_bufferSize, expected.Size - total));
                if (n < 0)
                {
                    int errno = Marshal.GetLastPInvokeError();
                    if (errno == LibC.EIntr)
                    {
                        continue;
                    }

                    if (errno == LibC.EAgain)
                    {
                        return null; // not a regular file any more (a FIFO swapped in)
                    }

                    throw ReadError(displayPath, errno);
                }

                if (n == 0)
                {
                    break; // shorter than stat'ed: truncated meanwhile
                }

                _hasher.Update(_buffer, (nuint)n);
                total += n;
                BytesRead += n;
            }

            int statErrno = FileStat.TryFstat(fd, out var after);
            if (statErrno != 0)
            {
                throw ReadError(displayPath, statErrno);
            }

            if (total != expected.Size || after.Type != ContextEntryType.File || !expected.SameContentStamp(after))
            {
                return null; // another file than the one stat'ed, or it changed while it was read
            }

            return new FileHashResult(_hasher.GetHash(), after);
        }
        finally
        {
            _ = LibC.Close(fd);
        }
    }

    private static ContextException OpenError(string path, int errno) => new(path,
        $"{path}: cannot open the file: {LibC.ErrorText(errno)}. Make it readable by the user running the build, or exclude it in .dockerignore.");

    private static ContextException ReadError(string path, int errno) => new(path,
        $"{path}: cannot read the file: {LibC.ErrorText(errno)}. Make it readable by the user running the build, or exclude it in .dockerignore.");

    private void Free()
    {
        if (_buffer != null)
        {
            NativeMemory.AlignedFree(_buffer);
            _buffer = null;
        }
    }
}
