using System.Text.RegularExpressions;
using Builder.Cache.Images;
using Builder.Cache.Images.Import;
using Builder.TestKit;

namespace Builder.MSBuild.Tests;

/// <summary>
/// A base image for self-contained .NET apps, made from this machine's own files: the shared
/// libraries (glibc, libstdc++, libgcc_s, ...) that <c>ldd</c> names for the installed .NET
/// runtime's native parts, at their paths, plus <c>/tmp</c> and an <c>/etc/passwd</c> with root.
/// </summary>
internal static partial class HostLibsImage
{
    public static async Task<StoredImage> ImportAsync(ImageStore store, string reference)
    {
        using var temp = new TempDirectory("hostlibs-rootfs");
        var root = temp.Combine("rootfs");
        Directory.CreateDirectory(Path.Combine(root, "etc"));
        Directory.CreateDirectory(Path.Combine(root, "tmp"));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path.Combine(root, "tmp"), (UnixFileMode)Convert.ToInt32("777", 8) | UnixFileMode.StickyBit);
        }

        File.WriteAllText(Path.Combine(root, "etc", "passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        foreach (var library in Libraries())
        {
            var target = root + library;
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            // The resolved file under the name the loader asks for; symbolic links would dangle.
            File.Copy(Path.GetFullPath(new FileInfo(library).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? library), target, overwrite: true);
        }

        return await new ImageImporter(store).ImportAsync(new ImportOptions(root, reference) { Created = DateTimeOffset.UnixEpoch, Message = "host libraries for self-contained .NET apps" });
    }

    private static SortedSet<string> Libraries()
    {
        var runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var binaries = Directory.GetFiles(runtime, "*.so").Append(Environment.ProcessPath!);
        var libraries = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var binary in binaries)
        {
            foreach (Match match in LddPath().Matches(ExternalTools.RunOk("ldd", binary)))
            {
                if (!match.Value.StartsWith(runtime, StringComparison.Ordinal))
                {
                    libraries.Add(match.Value);
                }
            }
        }

        return libraries;
    }

    // "libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x...)" and "/lib64/ld-linux-x86-64.so.2 (0x...)".
    [GeneratedRegex(@"(?<=^|\s)/\S+(?=\s+\(0x)", RegexOptions.Multiline)]
    private static partial Regex LddPath();
}
