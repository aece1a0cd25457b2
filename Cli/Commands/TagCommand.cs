using System.CommandLine;
using Builder.Cache.Images;

namespace Builder.Cli.Commands;

/// <summary><c>builder tag SOURCE TARGET</c>: gives the image SOURCE names (name, id or digest) the name TARGET.</summary>
internal static class TagCommand
{
    public static Command Create(CliContext context)
    {
        var root = CommandSupport.RootOption();
        var source = new Argument<string>("SOURCE_IMAGE") { Description = "The image: name[:tag], name@digest, id or id prefix." };
        var target = new Argument<string>("TARGET_IMAGE") { Description = "The new name: [registry/]name[:tag]." };
        var command = new Command("tag", "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE.") { root, source, target };
        command.SetAction(result => CommandSupport.Run(result, (_, _) =>
        {
            context.OpenStore(result.GetValue(root)).Tag(result.GetValue(source)!, result.GetValue(target)!);
            return 0;
        }));
        return command;
    }
}
