using Builder.Cache.Images;
using Builder.Cache.Images.Import;
using Builder.Cache.Oci;

namespace Builder.TestKit;

/// <summary>
/// The base image for tests and the demo, made by Builder itself from Debian's busybox-static
/// (no binary is committed): <c>/bin/busybox</c>, a symbolic link per applet where
/// <c>busybox --install -s</c> would put it, a minimal <c>/etc/passwd</c> and <c>/etc/group</c>
/// (root, nobody), <c>/tmp</c> with mode 1777. Tests that use it are <c>[ToolFact("busybox")]</c>:
/// skipped without busybox-static, failed under CI.
/// </summary>
public static class BusyboxImage
{
    public const string Reference = "builder-test/busybox:latest";

    /// <summary>The fixed creation time, so the image id depends only on the busybox binary.</summary>
    public static readonly DateTimeOffset Created = DateTimeOffset.UnixEpoch;

    public static ContainerConfig Config { get; } = new()
    {
        Env = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
        Cmd = ["sh"],
    };

    /// <summary>Writes the root file system into <paramref name="root"/> (created if missing).</summary>
    public static void BuildRootfs(string root)
    {
        var busybox = ExternalTools.Require("busybox");
        Directory.CreateDirectory(root);
        SetMode(root, Mode("755"));
        foreach (var dir in new[] { "bin", "sbin", "usr/bin", "usr/sbin", "etc", "dev", "proc", "sys", "root", "tmp", "var" })
        {
            Directory.CreateDirectory(Path.Combine(root, dir));
            SetMode(Path.Combine(root, dir), Mode("755"));
        }

        SetMode(Path.Combine(root, "root"), Mode("700"));
        SetMode(Path.Combine(root, "tmp"), Mode("777") | UnixFileMode.StickyBit);
        File.Copy(busybox, Path.Combine(root, "bin", "busybox"), overwrite: true);
        SetMode(Path.Combine(root, "bin", "busybox"), Mode("755"));

        // `busybox --list-full` names each applet where `busybox --install -s` links it.
        foreach (var applet in ExternalTools.RunOk("busybox", "--list-full").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var link = Path.Combine(root, applet.Trim());
            if (applet.Trim() == "bin/busybox" || File.Exists(link) || Directory.Exists(link))
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(link)!);
            File.CreateSymbolicLink(link, "/bin/busybox");
        }

        WriteFile(root, "etc/passwd", "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n");
        WriteFile(root, "etc/group", "root:x:0:\nnogroup:x:65534:\n");
    }

    /// <summary>Builds the rootfs in a temp folder and imports it into <paramref name="store"/> with Builder's importer; <paramref name="config"/> replaces <see cref="Config"/> (a HEALTHCHECK, say).</summary>
    public static async Task<StoredImage> ImportAsync(ImageStore store, string reference = Reference, ContainerConfig? config = null)
    {
        using var temp = new TempDirectory("busybox-rootfs");
        var root = temp.Combine("rootfs");
        BuildRootfs(root);
        var importer = new ImageImporter(store);
        return await importer.ImportAsync(new ImportOptions(root, reference) { Created = Created, Config = config ?? Config, Message = "busybox-static rootfs" });
    }

    private static void WriteFile(string root, string relative, string content)
    {
        var path = Path.Combine(root, relative);
        File.WriteAllText(path, content);
        SetMode(path, Mode("644"));
    }

    private static void SetMode(string path, UnixFileMode mode)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, mode);
        }
    }

    private static UnixFileMode Mode(string octal) => (UnixFileMode)Convert.ToInt32(octal, 8);
}
