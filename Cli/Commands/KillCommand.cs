using System.CommandLine;

namespace Builder.Cli.Commands;

/// <summary><c>builder kill [-s SIGNAL] CONTAINER...</c>: SIGKILL unless a signal is named.</summary>
internal static class KillCommand
{
    public static Command Create(CliContext context)
    {
        _ = context;
        var root = CommandSupport.RootOption();
        var signal = new Option<string>("--signal", "-s") { Description = "The signal (name or number; default KILL).", DefaultValueFactory = _ => "KILL" };
        var containers = ContainerSupport.Containers();
        var command = new Command("kill", "Send a signal to running containers.") { root, signal, containers };
        command.SetAction((result, cancellationToken) => ContainerSupport.RunAsync(result, async (stdout, _) =>
        {
            var lifecycle = ContainerSupport.Open(result.GetValue(root));
            foreach (var name in result.GetValue(containers)!)
            {
                await lifecycle.KillAsync(name, result.GetValue(signal)!, cancellationToken);
                stdout.WriteLine(name);
            }

            return 0;
        }));
        return command;
    }
}
