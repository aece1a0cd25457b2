using System.CommandLine;
using Builder.Cache.Images.Archive;

namespace Builder.Cli.Commands;

/// <summary><c>builder load -i FILE</c>: images from an OCI layout tarball or a docker-archive (plain or gzip).</summary>
internal static class LoadCommand
{
    public static Command Create(CliContext context)
    {
        var root = CommandSupport.RootOption();
        var input = new Option<string>("--input", "-i") { Required = true, Description = "The archive: an OCI image layout tar or a docker-archive, plain or gzip-compressed." };
        var command = new Command("load", "Load images from an archive.") { root, input };
        command.SetAction((result, cancellationToken) => CommandSupport.RunAsync(result, async (stdout, _) =>
        {
            var loaded = await ImageLoader.LoadAsync(context.OpenStore(result.GetValue(root)), result.GetValue(input)!, cancellationToken);
            foreach (var image in loaded)
            {
                stdout.WriteLine(image.Reference is { } name ? $"Loaded image: {name.ToFamiliarString()}" : $"Loaded image ID: {image.Id}");
            }

            return 0;
        }));
        return command;
    }
}
