using System.CommandLine;
using Builder.Cache.Images.Import;

namespace Builder.Cli.Commands;

/// <summary>
/// <c>builder import [-m MESSAGE] [--platform OS/ARCH] ROOTFS.tar|DIR NAME[:TAG]</c>: a root file system as a one-layer image,
/// like <c>docker import</c>; prints the image id. SOURCE_DATE_EPOCH, when set, is the creation time.
/// </summary>
internal static class ImportCommand
{
    public static Command Create(CliContext context)
    {
        var root = CommandSupport.RootOption();
        var message = new Option<string?>("--message", "-m") { Description = "The history comment (default: Imported from SOURCE)." };
        var platform = new Option<string?>("--platform") { Description = "The platform to record, os/arch[/variant] (default: this machine's)." };
        var source = new Argument<string>("SOURCE") { Description = "A root file system: .tar, .tar.gz or a directory." };
        var name = new Argument<string>("NAME") { Description = "The image name: [registry/]name[:tag]." };
        var command = new Command("import", "Import a root file system as an image.") { root, message, platform, source, name };
        command.SetAction((result, cancellationToken) => CommandSupport.RunAsync(result, async (stdout, _) =>
        {
            var options = new ImportOptions(result.GetValue(source)!, result.GetValue(name)!)
            {
                Message = result.GetValue(message),
                Created = ImportOptions.CreatedFromEnvironment(),
                Platform = ImportOptions.ParsePlatform(result.GetValue(platform)),
            };
            var image = await new ImageImporter(context.OpenStore(result.GetValue(root))).ImportAsync(options, cancellationToken);
            stdout.WriteLine(image.Id);
            return 0;
        }));
        return command;
    }
}
