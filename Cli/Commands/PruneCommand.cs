using System.CommandLine;
using Builder.Cache.Images;
using Builder.Executor.Caching;
using Builder.Runner.Containers;
using Builder.Cli.Printing;

namespace Builder.Cli.Commands;

/// <summary>
/// <c>builder prune [--all]</c>: removes dangling images, blobs no tagged image uses and stale temp
/// files; with <c>--all</c> first the whole build cache (docker's <c>builder prune -a</c>).
/// </summary>
internal static class PruneCommand
{
    public static Command Create(CliContext context)
    {
        var root = CommandSupport.RootOption();
        var force = new Option<bool>("--force", "-f") { Description = "Accepted for docker compatibility; builder never asks for confirmation." };
        var all = new Option<bool>("--all", "-a") { Description = "Also remove the whole build cache: step records, RUN cache mounts and unpacked layer snapshots (the next build runs every step)." };
        var command = new Command("prune", "Remove dangling images and unused blobs (and with --all the build cache).") { root, force, all };
        command.SetAction(result => CommandSupport.Run(result, (stdout, _) =>
        {
            var store = context.OpenStore(result.GetValue(root));
            if (result.GetValue(all))
            {
                var cache = BuildCachePruner.PruneAll(store, containersExist: new ContainerStore(store.Root).List().Length > 0);
                stdout.WriteLine($"Deleted build cache: {cache.StepRecords} step records, {cache.CacheMounts} cache mounts, {cache.Snapshots} snapshots"
                    + (cache.SnapshotsKept ? " (snapshots kept: containers use them; remove them with builder rm)" : string.Empty));
            }

            var pruned = ImageGarbageCollector.Prune(store);
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
