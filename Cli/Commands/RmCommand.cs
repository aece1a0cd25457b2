using System.CommandLine;

namespace Builder.Cli.Commands;

/// <summary><c>builder rm [-f] CONTAINER...</c>: removes stopped containers (running ones with -f, killed first).</summary>
internal static class RmCommand
{
    public static Command Create(CliContext context)
    {
        _ = context;
        var root = CommandSupport.RootOption();
        var force = new Option<bool>("--force", "-f") { Description = "Kill a running container before removing it." };
        var containers = ContainerSupport.Containers();
        var command = new Command("rm", "Remove containers.") { root, force, containers };
        command.SetAction((result, cancellationToken) => ContainerSupport.RunAsync(result, async (stdout, _) =>
        {
            var lifecycle = ContainerSupport.Open(result.GetValue(root));
            foreach (var name in result.GetValue(containers)!)
            {
                await lifecycle.RemoveAsync(name, result.GetValue(force), cancellationToken);
                stdout.WriteLine(name);
            }

            return 0;
        }));
        return command;
    }
}
