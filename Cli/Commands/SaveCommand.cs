using System.CommandLine;
using Builder.Cache.Images.Archive;

namespace Builder.Cli.Commands;

/// <summary><c>builder save -o FILE IMAGE...</c>: one tar that is both an OCI image layout and a docker-archive.</summary>
internal static class SaveCommand
{
    public static Command Create(CliContext context)
    {
        var root = CommandSupport.RootOption();
        var output = new Option<string>("--output", "-o") { Required = true, Description = "The tar file to write (replaced only once complete)." };
        var images = new Argument<string[]>("IMAGE") { Arity = ArgumentArity.OneOrMore, Description = "Images to save: name[:tag] (saved with that name), id or digest." };
        var command = new Command("save", "Save images to a tar that OCI tools and docker load read.") { root, output, images };
        command.SetAction((result, cancellationToken) => CommandSupport.RunAsync(result, async (_, _) =>
        {
            await ImageSaver.SaveAsync(context.OpenStore(result.GetValue(root)), result.GetValue(images)!, result.GetValue(output)!, cancellationToken);
            return 0;
        }));
        return command;
    }
}
