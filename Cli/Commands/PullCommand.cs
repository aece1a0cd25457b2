using System.CommandLine;
using Builder.Cache;
using Builder.Cache.Oci;
using Builder.Cache.Registry;
using Builder.Executor.Snapshots;

namespace Builder.Cli.Commands;

/// <summary><c>builder pull [--insecure-registry H] REF</c>: an image from a registry into the store, unpacked as snapshots when root (as <c>docker pull</c>).</summary>
internal static class PullCommand
{
    public static Command Create(CliContext context)
    {
        var root = CommandSupport.RootOption();
        var registry = RegistryCliOptions.Create();
        var reference = new Argument<string>("NAME") { Description = "The image: [registry/]name[:tag|@digest]." };
        var command = new Command("pull", "Pull an image from a registry.") { root, reference };
        registry.AddTo(command);
        command.SetAction((result, cancellationToken) => CommandSupport.RunAsync(result, async (stdout, _) =>
        {
            var text = result.GetValue(reference)!;
            var name = ImageReference.TryParse(text, out var parsed, out var error) ? parsed : throw new StoreException($"{error}; name the image as [registry/]name[:tag|@digest].");
            var store = context.OpenStore(result.GetValue(root));
            var pulled = await ImagePuller.PullAsync(store, name, registry.Read(result), cancellationToken);
            if (Environment.IsPrivilegedProcess)
            {
                await ImageRootfs.UnpackAsync(store, pulled.Image, cancellationToken);
            }

            stdout.WriteLine($"Digest: {pulled.Descriptor.Digest}");
            stdout.WriteLine(pulled.BlobsFetched > 0
                ? $"Status: Downloaded newer image for {name.ToFamiliarString()}"
                : $"Status: Image is up to date for {name.ToFamiliarString()}");
            stdout.WriteLine(name.ToString());
            return 0;
        }));
        return command;
    }
}
