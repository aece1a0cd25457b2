using System.CommandLine;
using Builder.Cache.Registry;

namespace Builder.Cli.Commands;

/// <summary><c>builder push NAME[:TAG]</c>: a stored image to the registry its name says, one line per blob, as <c>docker push</c> prints.</summary>
internal static class PushCommand
{
    public static Command Create(CliContext context)
    {
        var root = CommandSupport.RootOption();
        var registry = RegistryCliOptions.Create();
        var image = new Argument<string>("NAME") { Description = "The stored image to push, named [registry/]name[:tag]; tag it first with builder tag." };
        var command = new Command("push", "Push an image to a registry.") { root, image };
        registry.AddTo(command);
        command.SetAction((result, cancellationToken) => CommandSupport.RunAsync(result, async (stdout, _) =>
        {
            var store = context.OpenStore(result.GetValue(root));
            var pushed = await ImagePusher.PushAsync(store, result.GetValue(image)!, registry.Read(result), cancellationToken);
            foreach (var (digest, outcome) in pushed.Blobs.OrderBy(b => b.Key))
            {
                stdout.WriteLine($"{digest.ToShortString()}: {Describe(outcome)}");
            }

            stdout.WriteLine($"{pushed.Reference.Tag ?? "latest"}: digest: {pushed.Descriptor.Digest} size: {pushed.Descriptor.Size}");
            return 0;
        }));
        return command;
    }

    private static string Describe(BlobPushOutcome outcome) => outcome switch
    {
        BlobPushOutcome.Skipped => "Layer already exists",
        BlobPushOutcome.Mounted => "Mounted from another repository",
        _ => "Pushed",
    };
}
