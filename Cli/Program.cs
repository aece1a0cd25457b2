using System.CommandLine;
using Builder.Cli.Commands;

namespace Builder.Cli;

internal static class Program
{
    private static int Main(string[] args) => CreateRootCommand().Parse(args).Invoke();

    /// <summary>The whole command tree; tests invoke it in-process with their own writers and clock.</summary>
    internal static RootCommand CreateRootCommand(TimeProvider? time = null, Func<Stream>? stdin = null)
    {
        var context = time is null ? CliContext.Default : new CliContext(time);
        if (stdin is not null)
        {
            context = context with { OpenStdin = stdin };
        }

        return new("Builder: compile Dockerfiles into OCI images, run and lint them.")
        {
            ParseCommand.Create(),
            ImagesCommand.Create(context),
            ImageCommand.Create(context),
            TagCommand.Create(context),
            RmiCommand.Create(context),
            HistoryCommand.Create(context),
            ImportCommand.Create(context),
            LoadCommand.Create(context),
            SaveCommand.Create(context),
            PruneCommand.Create(context),
            BuildCommand.Create(context),
            LintCommand.Create(),
        };
    }
}
