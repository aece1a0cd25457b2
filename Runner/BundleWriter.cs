using Builder.Cache.Images;
using Builder.Executor.Export;
using Builder.Executor.Sandbox;
using Builder.Runner.Spec;

namespace Builder.Runner;

/// <summary>
/// <c>builder bundle IMAGE DIR</c>: an OCI runtime bundle that <c>runc run</c> (or builder-sandbox)
/// accepts: <c>DIR/rootfs</c> with the image's layers applied (a copy: the bundle must outlive the
/// store's snapshots) and <c>DIR/config.json</c> made as <c>builder run</c> makes it, with
/// <c>root.path</c> relative. No /etc/hosts or resolv.conf is bound in (runc does not do that either).
/// </summary>
public static class BundleWriter
{
    public static async Task WriteAsync(ImageStore store, RunOptions options, string directory, CancellationToken ct)
    {
        var image = await ImageSource.ResolveAsync(store, options.Image, ct).ConfigureAwait(false);
        var rootfs = Path.Combine(directory, "rootfs");
        if (Directory.Exists(rootfs) && Directory.EnumerateFileSystemEntries(rootfs).Any())
        {
            throw new RunnerException($"{rootfs} already exists and is not empty; give bundle a new or empty directory.");
        }

        Directory.CreateDirectory(directory);
        await RootfsExporter.ExportAsync(store.Content, image.Manifest, rootfs, ct).ConfigureAwait(false);
        var id = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Path.GetFullPath(directory))));
        var spec = ContainerSpec.Create(image.Config, options, id, rootfs, "rootfs", files: null, cgroupsPath: null, Environment.GetEnvironmentVariable);
        await File.WriteAllTextAsync(Path.Combine(directory, "config.json"), RuntimeSpecFactory.ToJson(spec), ct).ConfigureAwait(false);
    }
}
