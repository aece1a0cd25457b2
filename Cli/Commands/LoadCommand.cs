using System.CommandLine;
using Builder.Cache.Images.Archive;
using Builder.Executor.Snapshots;

namespace Builder.Cli.Commands;

/// <summary>
/// <c>builder load -i FILE</c>: images from an OCI layout tarball or a docker-archive (plain or
/// gzip), unpacked as snapshots right away when running as root, as <c>docker load</c> does.
/// </summary>
internal static class LoadCommand
{
    public static Command Create(CliContext context)
    {
        var root = CommandSupport.RootOption();
        var input = new Option<string>("--input", "-i") { Required = true, Description = "The archive: an OCI image layout tar or a docker-archive, plain or gzip-compressed." };
        var command = new Command("load", "Load images from an archive.") { root, input };
        command.SetAction((result, cancellationToken) => CommandSupport.RunAsync(result, async (stdout, _) =>
        {
            var store = context.OpenStore(result.GetValue(root));
            var loaded = await ImageLoader.LoadAsync(store, result.GetValue(input)!, cancellationToken);
            foreach (var image in loaded)
            {
                if (Environment.IsPrivilegedProcess)
                {
                    await ImageRootfs.UnpackAsync(store, store.Resolve(image.Id.ToString()).Image, cancellationToken);
                }

                stdout.WriteLine(image.Reference is { } name ? $"Loaded image: {name.ToFamiliarString()}" : $"Loaded image ID: {image.Id}");
            }

            return 0;
        }));
        return command;
    }
}
