using System.CommandLine;
using Builder.Cli.Commands;

namespace Builder.Cli;

internal static class Program
{
    private static int Main(string[] args)
    {
        var parsed = Parse(CreateRootCommand(), args);

        // builder run and exec forward SIGINT/SIGTERM to the container themselves and must outlive them.
        var config = RunCommand.HandlesSignals(parsed) ? new InvocationConfiguration { ProcessTerminationTimeout = null } : new InvocationConfiguration();
        return parsed.Invoke(config);
    }

    /// <summary>Parses as the command line does (container arguments after <c>run IMAGE</c> kept apart).</summary>
    internal static ParseResult Parse(RootCommand root, string[] args) => root.Parse(RunCommand.SplitContainerArgs(args));

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
            PullCommand.Create(context),
            PushCommand.Create(context),
            LoginCommand.Create(context),
            LogoutCommand.Create(),
            BuildCommand.Create(context),
            RunCommand.Create(context),
            ExecCommand.Create(context),
            BundleCommand.Create(context),
            PsCommand.Create(context),
            LogsCommand.Create(context),
            StopCommand.Create(context),
            KillCommand.Create(context),
            RmCommand.Create(context),
            InspectCommand.Create(context),
            LintCommand.Create(),
        };
    }
}
