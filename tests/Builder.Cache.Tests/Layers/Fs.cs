using Builder.Cache.Layers;
using Builder.Cache.Layers.Native;
using Builder.Cache.Oci;
using Builder.TestKit;
using Xunit;

namespace Builder.Cache.Tests.Layers;

/// <summary>File-system helpers for applier tests: lstat without following, applying a tar.</summary>
internal static class Fs
{
    public static ApplierLibC.Statx Stat(string path)
    {
        int rc = ApplierLibC.LStat(path, out var st);
        Assert.True(rc == 0, $"lstat {path}: {(rc == 0 ? "ok" : ApplierLibC.Describe(rc))}");
        return st;
    }

    /// <summary>Removes a test directory even where a layer made directories read-only (as a non-root user).</summary>
    public static void Remove(TempDirectory directory)
    {
        SafePathResolver.RemoveAll(directory.Path);
        directory.Dispose();
    }

    /// <summary>No warnings, but for the one a non-root apply gives about owners it cannot set.</summary>
    public static void AssertNoWarnings(ApplyResult result) =>
        Assert.Empty(result.Warnings.Where(w => ApplierLibC.IsRoot || !w.Message.Contains("owners are only set when applying as root", StringComparison.Ordinal)));

    public static bool Exists(string path) => ApplierLibC.LStat(path, out _) == 0;

    public static Task<ApplyResult> ApplyAsync(byte[] blob, string target, ApplyOptions? options = null, LayerCompression compression = LayerCompression.None, CancellationToken cancellationToken = default) =>
        LayerApplier.ApplyAsync(new MemoryStream(blob), compression, target, options ?? ApplyOptions.Default, cancellationToken);

    public static Task<ApplyResult> ApplyOnAsync(byte[] blob, string target, WhiteoutMode mode = WhiteoutMode.Delete) =>
        ApplyAsync(blob, target, new ApplyOptions { Target = ApplyTarget.Existing, WhiteoutMode = mode });

    /// <summary>Every path under <paramref name="root"/>, relative, sorted, directories with a trailing '/'; symlinks are not followed.</summary>
    public static string[] Tree(string root)
    {
        var paths = new List<string>();
        void Walk(string directory)
        {
            foreach (var path in Directory.EnumerateFileSystemEntries(directory))
            {
                bool isDirectory = Stat(path).IsDirectory;
                paths.Add(Path.GetRelativePath(root, path) + (isDirectory ? "/" : string.Empty));
                if (isDirectory)
                {
                    Walk(path);
                }
            }
        }

        Walk(root);
        return paths.Order(StringComparer.Ordinal).ToArray();
    }
}
