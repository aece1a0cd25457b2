using System.Reflection;
using System.Runtime.InteropServices;

namespace Builder.Cache.Context.Native;

/// <summary>
/// Loads Builder.Cache's own native libraries from the folder that holds the assembly (or from a
/// package's <c>runtimes/linux-ARCH/native/</c> folder), never from the system search path. The
/// resolver is registered once per assembly, before the first call into a native library.
/// </summary>
internal static class NativeLibraries
{
    public const string Blake3 = "libbuilder_blake3";

    private static readonly object Gate = new();
    private static bool _registered;

    public static void EnsureRegistered()
    {
        if (Volatile.Read(ref _registered))
        {
            return;
        }

        lock (Gate)
        {
            if (!_registered)
            {
                NativeLibrary.SetDllImportResolver(typeof(NativeLibraries).Assembly, Resolve);
                Volatile.Write(ref _registered, true);
            }
        }
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != Blake3)
        {
            return IntPtr.Zero; // libc and friends: the runtime's default probing
        }

        var file = libraryName + ".so";
        var candidates = CandidatePaths(assembly, file).ToList();
        foreach (var path in candidates)
        {
            if (File.Exists(path) && NativeLibrary.TryLoad(path, out var handle))
            {
                return handle;
            }
        }

        throw new DllNotFoundException(
            $"{file} was not found next to {assembly.GetName().Name}.dll (looked in: {string.Join(", ", candidates)}). " +
            "It is built with Builder.Cache from Debian's librust-blake3-dev: run scripts/setup.sh and rebuild.");
    }

    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("SingleFile", "IL3000",
        Justification = "An ahead-of-time CLI has no assembly location (empty string, skipped): the library is then beside the executable, AppContext.BaseDirectory.")]
    private static IEnumerable<string> CandidatePaths(Assembly assembly, string file)
    {
        var dirs = new List<string>();
        if (!string.IsNullOrEmpty(assembly.Location))
        {
            dirs.Add(Path.GetDirectoryName(assembly.Location)!);
        }

        dirs.Add(AppContext.BaseDirectory);
        var arch = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        foreach (var dir in dirs.Distinct(StringComparer.Ordinal))
        {
            yield return Path.Combine(dir, file);
            yield return Path.Combine(dir, "runtimes", $"linux-{arch}", "native", file);
        }
    }
}
