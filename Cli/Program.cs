using System.CommandLine;
using Builder.Cli.Commands;

namespace Builder.Cli;

internal static class Program
{
    private static int Main(string[] args)
    {
        var root = new RootCommand("Builder: compile Dockerfiles into OCI images, run and lint them.")
        {
            ParseCommand.Create(),
        };

        return root.Parse(args).Invoke();
    }
}
