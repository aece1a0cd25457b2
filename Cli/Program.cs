using System.CommandLine;
using Builder.Cli.Commands;

namespace Builder.Cli;

internal static class Program
{
    private static int Main(string[] args) => CreateRootCommand().Parse(args).Invoke();

    /// <summary>The whole command tree; tests invoke it in-process with their own writers.</summary>
    internal static RootCommand CreateRootCommand() =>
        new("Builder: compile Dockerfiles into OCI images, run and lint them.")
        {
            ParseCommand.Create(),
        };
}
