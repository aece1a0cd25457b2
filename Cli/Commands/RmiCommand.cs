using System.CommandLine;
using Builder.Cache.Images;

namespace Builder.Cli.Commands;

/// <summary><c>builder rmi [-f] IMAGE...</c>: removes tags, and images left without one, as <c>docker rmi</c> does.</summary>
internal static class RmiCommand
{
    public static Command Create(CliContext context)
    {
        var root = CommandSupport.RootOption();
        var force = new Option<bool>("--force", "-f") { Description = "Remove an image named by id even when tags in several repositories point at it." };
        var images = new Argument<string[]>("IMAGE") { Arity = ArgumentArity.OneOrMore, Description = "Images to remove: name[:tag], id or digest." };
        var command = new Command("rmi", "Remove one or more images.") { root, force, images };
        command.SetAction(result => CommandSupport.Run(result, (stdout, stderr) =>
        {
            var removed = ImageRemover.Remove(context.OpenStore(result.GetValue(root)), result.GetValue(images)!, result.GetValue(force));
            foreach (var removal in removed.Removed)
            {
                foreach (var tag in removal.Untagged)
                {
                    stdout.WriteLine($"Untagged: {tag.ToFamiliarString()}");
                }

                if (removal.Deleted is { } id)
                {
                    stdout.WriteLine($"Deleted: {id}");
                }
            }

            foreach (var error in removed.Errors)
            {
                CommandSupport.Fail(stderr, error);
            }

            return removed.Errors.IsEmpty ? 0 : 1;
        }));
        return command;
    }
}
