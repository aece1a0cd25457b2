using System.CommandLine;

namespace Builder.Cli.Commands;

/// <summary><c>builder stop [-t SECONDS] CONTAINER...</c>: the image's STOPSIGNAL (default SIGTERM), then SIGKILL after the timeout.</summary>
internal static class StopCommand
{
    public static Command Create(CliContext context)
    {
        _ = context;
        var root = CommandSupport.RootOption();
        var timeout = new Option<int>("--time", "-t") { Description = "Seconds to wait before SIGKILL (default 10).", DefaultValueFactory = _ => 10 };
        var containers = ContainerSupport.Containers();
        var command = new Command("stop", "Stop running containers.") { root, timeout, containers };
        command.SetAction((result, cancellationToken) => ContainerSupport.RunAsync(result, async (stdout, _) =>
        {
            var lifecycle = ContainerSupport.Open(result.GetValue(root));
            foreach (var name in result.GetValue(containers)!)
            {
                await lifecycle.StopAsync(name, TimeSpan.FromSeconds(Math.Max(0, result.GetValue(timeout))), cancellationToken);
                stdout.WriteLine(name);
            }

            return 0;
        }));
        return command;
    }
}
