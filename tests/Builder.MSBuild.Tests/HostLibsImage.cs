using System.Text.RegularExpressions;
using Builder.Cache.Images;
using Builder.Cache.Images.Import;
using Builder.Cache.Oci;
using Builder.TestKit;

namespace Builder.MSBuild.Tests;

/// <summary>
/// A base image for self-contained .NET apps, made from this machine's own files: the shared
/// libraries (glibc, libstdc++, libgcc_s, ...) that <c>ldd</c> names for the installed .NET
/// runtime's native parts, at their paths, plus <c>/tmp</c> and an <c>/etc/passwd</c> with root;
/// with <c>withDotnet</c> also this machine's .NET host and runtime (<c>/usr/share/dotnet</c>,
/// <c>dotnet</c> on the PATH), for framework-dependent apps.
/// </summary>
internal static partial class HostLibsImage
{
    public static async Task<StoredImage> ImportAsync(ImageStore store, string reference, bool withDotnet = false)
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

        var config = new ContainerConfig();
        if (withDotnet)
        {
            CopyDotnet(root);
            config = config with { Env = ["PATH=/usr/share/dotnet:/usr/bin:/bin"] };
        }

        return await new ImageImporter(store).ImportAsync(new ImportOptions(root, reference) { Created = DateTimeOffset.UnixEpoch, Config = config, Message = "host libraries for .NET apps" });
    }

    // The muxer, hostfxr and the shared framework this test process runs on: the versions the fixture app targets.
    private static void CopyDotnet(string root)
    {
        var framework = Path.GetDirectoryName(typeof(object).Assembly.Location)!.TrimEnd('/');
        var dotnetRoot = Path.GetFullPath(Path.Combine(framework, "..", "..", ".."));
        var target = root + "/usr/share/dotnet";
        CopyTree(framework, target + framework[dotnetRoot.Length..]);
        CopyTree(Path.Combine(dotnetRoot, "host"), Path.Combine(target, "host"));
        File.Copy(Path.Combine(dotnetRoot, "dotnet"), Path.Combine(target, "dotnet"));
    }

    private static void CopyTree(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(destination, Path.GetFileName(file)));
        }

        foreach (var dir in Directory.GetDirectories(source))
        {
            CopyTree(dir, Path.Combine(destination, Path.GetFileName(dir)));
        }
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
