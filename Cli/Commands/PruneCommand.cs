using System.CommandLine;
using Builder.Cache.Images;
using Builder.Cli.Printing;

namespace Builder.Cli.Commands;

/// <summary><c>builder prune</c>: removes dangling images, blobs no tagged image uses and stale temp files.</summary>
internal static class PruneCommand
{
    public static Command Create(CliContext context)
    {
        var root = CommandSupport.RootOption();
        var force = new Option<bool>("--force", "-f") { Description = "Accepted for docker compatibility; builder never asks for confirmation." };
        var command = new Command("prune", "Remove dangling images and unused blobs.") { root, force };
        command.SetAction(result => CommandSupport.Run(result, (stdout, _) =>
        {
            var pruned = ImageGarbageCollector.Prune(context.OpenStore(result.GetValue(root)));
            if (!pruned.DeletedImages.IsEmpty)
            {
                stdout.WriteLine("Deleted Images:");
                foreach (var digest in pruned.DeletedImages)
                {
                    stdout.WriteLine($"deleted: {digest}");
                }

                stdout.WriteLine();
            }

            stdout.WriteLine($"Deleted blobs: {pruned.DeletedBlobs}, temp files: {pruned.DeletedTempFiles}");
            stdout.WriteLine($"Total reclaimed space: {Human.Size(pruned.ReclaimedBytes)}");
            return 0;
        }));
        return command;
    }
}
