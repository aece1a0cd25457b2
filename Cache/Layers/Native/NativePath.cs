using System.Text;

namespace Builder.Cache.Layers.Native;

/// <summary>
/// A file system path as the kernel sees it: bytes, NUL-terminated for libc. Linux names need not
/// be valid UTF-8, so tree walking never round-trips a name through <see cref="string"/>.
/// </summary>
internal sealed class NativePath
{
    private NativePath(byte[] terminated) => Terminated = terminated;

    /// <summary>The path bytes followed by one NUL.</summary>
    public byte[] Terminated { get; }

    public ReadOnlySpan<byte> Bytes => Terminated.AsSpan(0, Terminated.Length - 1);

    public static NativePath FromString(string path) => FromBytes(Encoding.UTF8.GetBytes(path));

    public static NativePath FromBytes(ReadOnlySpan<byte> path)
    {
        if (path.Contains((byte)0))
        {
            throw new ArgumentException("A path cannot contain a NUL byte.", nameof(path));
        }

        var z = new byte[path.Length + 1];
        path.CopyTo(z);
        return new NativePath(z);
    }

    /// <summary><c>this/name</c>.</summary>
    public NativePath Child(ReadOnlySpan<byte> name)
    {
        var parent = Bytes;
        bool slash = parent.Length > 0 && parent[^1] == (byte)'/';
        var z = new byte[parent.Length + (slash ? 0 : 1) + name.Length + 1];
        parent.CopyTo(z);
        int at = parent.Length;
        if (!slash)
        {
            z[at++] = (byte)'/';
        }

        name.CopyTo(z.AsSpan(at));
        return new NativePath(z);
    }

    /// <summary>For messages only: invalid UTF-8 shows as U+FFFD.</summary>
    public override string ToString() => Encoding.UTF8.GetString(Bytes);
}
