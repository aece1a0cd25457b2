using System.CommandLine;
using Builder.Cli.Printing;

namespace Builder.Cli.Commands;

/// <summary><c>builder ps [-a] [-q]</c>: CONTAINER ID, IMAGE, COMMAND, CREATED, STATUS, NAMES as docker ps prints them.</summary>
internal static class PsCommand
{
    public static Command Create(CliContext context)
    {
        var root = CommandSupport.RootOption();
        var all = new Option<bool>("--all", "-a") { Description = "Show every container (default: running ones)." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Only the ids." };
        var command = new Command("ps", "List containers.") { root, all, quiet };
        command.SetAction((result, _) => ContainerSupport.RunAsync(result, (stdout, _) =>
        {
            var containers = ContainerSupport.Open(result.GetValue(root)).List(result.GetValue(all));
            if (result.GetValue(quiet))
            {
                foreach (var c in containers)
                {
                    stdout.WriteLine(c.State.Id[..12]);
                }

                return Task.FromResult(0);
            }

            var now = context.Time.GetUtcNow();
            var table = new Table("CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "NAMES");
            foreach (var c in containers)
            {
                table.Add(c.State.Id[..12], c.State.Image, "\"" + Human.Ellipsis(string.Join(' ', c.State.Args), 20) + "\"", Human.Ago(c.State.Created, now), c.StatusText(now), c.State.Name);
            }

            table.WriteTo(stdout);
            return Task.FromResult(0);
        }));
        return command;
    }
}
