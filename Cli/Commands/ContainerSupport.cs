using System.CommandLine;
using Builder.Cache;
using Builder.Runner;
using Builder.Runner.Containers;

namespace Builder.Cli.Commands;

/// <summary>What the container commands share: the lifecycle of the store's containers and the 1-on-error rule.</summary>
internal static class ContainerSupport
{
    public static ContainerLifecycle Open(string? root) => new(StoreRoot.Resolve(root));

    public static Task<int> RunAsync(ParseResult result, Func<TextWriter, TextWriter, Task<int>> body) =>
        CommandSupport.RunAsync(result, async (stdout, stderr) =>
        {
            try
            {
                return await body(stdout, stderr).ConfigureAwait(false);
            }
            catch (RunnerException e)
            {
                return CommandSupport.Fail(stderr, e.Message);
            }
        });

    public static Argument<string[]> Containers() => new("CONTAINER") { Description = "Container names or ids (a unique id prefix is enough).", Arity = ArgumentArity.OneOrMore };
}
