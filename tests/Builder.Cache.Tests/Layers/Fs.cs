using Builder.Cache.Layers;
using Builder.Cache.Layers.Native;
using Builder.Cache.Oci;
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

    public static bool Exists(string path) => ApplierLibC.LStat(path, out _) == 0;

    public static Task<ApplyResult> ApplyAsync(byte[] blob, string target, ApplyOptions? options = null, LayerCompression compression = LayerCompression.None, CancellationToken cancellationToken = default) =>
        LayerApplier.ApplyAsync(new MemoryStream(blob), compression, target, options ?? ApplyOptions.Default, cancellationToken);

    public static Task<ApplyResult> ApplyOnAsync(byte[] blob, string target, WhiteoutMode mode = WhiteoutMode.Delete) =>
        ApplyAsync(blob, target, new ApplyOptions { Target = ApplyTarget.Existing, WhiteoutMode = mode });

    /// <summary>Every path under <paramref name="root"/>, relative, sorted, directories with a trailing '/'.</summary>
    public static string[] Tree(string root) =>
        Directory.EnumerateFileSystemEntries(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Select(p => Path.GetRelativePath(root, p) + (Stat(p).IsDirectory ? "/" : string.Empty))
            .Order(StringComparer.Ordinal)
            .ToArray();
}
