using System.Text;
using Builder.Cache.Layers.Native;

namespace Builder.Cache.Tests.Layers.Support;

/// <summary>Makes test trees: files with modes and owners, links, devices, extended attributes, mtimes.</summary>
internal sealed class TreeBuilder(string root)
{
    public const UnixFileMode Mode644 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    public const UnixFileMode Mode755 = Mode644 | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    public string Root { get; } = root;

    public string Path(string relative) => System.IO.Path.Combine(Root, relative);

    public TreeBuilder File(string relative, string content, UnixFileMode mode = Mode644) =>
        File(relative, Encoding.UTF8.GetBytes(content), mode);

    public TreeBuilder File(string relative, byte[] content, UnixFileMode mode = Mode644)
    {
        var path = Path(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllBytes(path, content);
        Chmod(path, mode);
        return this;
    }

    public TreeBuilder Dir(string relative, UnixFileMode mode = Mode755)
    {
        var path = Path(relative);
        Directory.CreateDirectory(path);
        Chmod(path, mode);
        return this;
    }

    public TreeBuilder Symlink(string relative, string target)
    {
        System.IO.File.CreateSymbolicLink(Path(relative), target);
        return this;
    }

    public TreeBuilder HardLink(string relative, string existing)
    {
        Tools.Shell($"ln {Tools.Quote(Path(existing))} {Tools.Quote(Path(relative))}");
        return this;
    }

    public TreeBuilder Xattr(string relative, string name, string value) => Xattr(relative, name, Encoding.UTF8.GetBytes(value));

    public TreeBuilder Xattr(string relative, string name, byte[] value)
    {
        NativeFile.SetXattr(NativePath.FromString(Path(relative)), name, value);
        return this;
    }

    public TreeBuilder Mode(string relative, UnixFileMode mode)
    {
        Chmod(Path(relative), mode);
        return this;
    }

    /// <summary>lchown; like chown(1) it clears setuid and setgid, so set modes after owners.</summary>
    public TreeBuilder Owner(string relative, uint uid, uint gid)
    {
        NativeFile.SetOwner(NativePath.FromString(Path(relative)), uid, gid);
        return this;
    }

    public TreeBuilder Node(string relative, FileKind kind, uint major = 0, uint minor = 0, uint permissions = 0x1A4)
    {
        NativeFile.MakeNode(NativePath.FromString(Path(relative)), kind, permissions, major, minor);
        Chmod(Path(relative), (UnixFileMode)permissions); // mknod applies the umask
        return this;
    }

    private static void Chmod(string path, UnixFileMode mode)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("Layer tests need Linux.");
        }

        System.IO.File.SetUnixFileMode(path, mode);
    }

    /// <summary>Sets the mtime of everything in the tree, symlinks themselves included (touch -h).</summary>
    public TreeBuilder SetAllMTimes(long unixSeconds)
    {
        Tools.Shell($"find {Tools.Quote(Root)} -exec touch -h -d @{unixSeconds} {{}} +");
        return this;
    }
}
