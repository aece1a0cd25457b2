using System.CommandLine;
using Builder.Runner;

namespace Builder.Cli.Commands;

/// <summary><c>builder bundle IMAGE DIR</c>: an OCI runtime bundle (<c>config.json</c> + <c>rootfs/</c>) that <c>runc run</c> accepts.</summary>
internal static class BundleCommand
{
    public static Command Create(CliContext context)
    {
        var root = CommandSupport.RootOption();
        var image = new Argument<string>("IMAGE") { Description = "An image of the store, oci-archive:FILE or docker-archive:FILE." };
        var directory = new Argument<string>("DIR") { Description = "The bundle directory (created; its rootfs/ must not exist or be empty)." };
        var command = new Command("bundle", "Write an OCI runtime bundle for runc.") { root, image, directory };
        command.SetAction((result, cancellationToken) => ContainerSupport.RunAsync(result, async (stdout, _) =>
        {
            var dir = result.GetValue(directory)!;
            await BundleWriter.WriteAsync(context.OpenStore(result.GetValue(root)), new RunOptions(result.GetValue(image)!), dir, cancellationToken);
            stdout.WriteLine(Path.GetFullPath(dir));
            return 0;
        }));
        return command;
    }
}
