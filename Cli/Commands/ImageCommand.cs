using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using Builder.Cache.Images.Views;

namespace Builder.Cli.Commands;

/// <summary><c>builder image inspect IMAGE...</c>: a JSON array with the fields scripts read from <c>docker image inspect</c>.</summary>
internal static class ImageCommand
{
    private static readonly CliJsonContext Json = new(new JsonSerializerOptions
    {
        WriteIndented = true,
        IndentSize = 4,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public static Command Create(CliContext context)
    {
        var command = new Command("image", "Manage images.") { CreateInspect(context) };
        return command;
    }

    private static Command CreateInspect(CliContext context)
    {
        var root = CommandSupport.RootOption();
        var images = new Argument<string[]>("IMAGE") { Arity = ArgumentArity.OneOrMore, Description = "Images to inspect: name[:tag], id or digest." };
        var command = new Command("inspect", "Show details of one or more images as JSON.") { root, images };
        command.SetAction(result => CommandSupport.Run(result, (stdout, stderr) =>
        {
            var inspected = ImageQueries.Inspect(context.OpenStore(result.GetValue(root)), result.GetValue(images)!);
            stdout.WriteLine(JsonSerializer.Serialize(inspected.Images, Json.ImmutableArrayImageInspection));
            foreach (var error in inspected.Errors)
            {
                CommandSupport.Fail(stderr, error);
            }

            return inspected.Errors.IsEmpty ? 0 : 1;
        }));
        return command;
    }
}
