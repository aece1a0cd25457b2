using System.CommandLine;

namespace Builder.Cli.Commands;

/// <summary><c>builder logs [-f] CONTAINER</c>: a detached container's output (stdout and stderr interleaved).</summary>
internal static class LogsCommand
{
    public static Command Create(CliContext context)
    {
        _ = context;
        var root = CommandSupport.RootOption();
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing until the container exits." };
        var container = new Argument<string>("CONTAINER") { Description = "The container's name or id." };
        var command = new Command("logs", "Print a detached container's output.") { root, follow, container };
        command.SetAction((result, cancellationToken) => ContainerSupport.RunAsync(result, async (stdout, _) =>
        {
            var lifecycle = ContainerSupport.Open(result.GetValue(root));
            using var buffer = new MemoryStream();
            if (ReferenceEquals(stdout, Console.Out))
            {
                await using var console = Console.OpenStandardOutput();
                await lifecycle.LogsAsync(result.GetValue(container)!, result.GetValue(follow), console, cancellationToken);
                return 0;
            }

            await lifecycle.LogsAsync(result.GetValue(container)!, result.GetValue(follow), buffer, cancellationToken);
            await stdout.WriteAsync(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
            return 0;
        }));
        return command;
    }
}
