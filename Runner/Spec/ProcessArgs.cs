using System.Collections.Immutable;
using Builder.Cache.Oci;

namespace Builder.Runner.Spec;

/// <summary>
/// The process arguments as the OCI image spec's conversion and docker define them: Entrypoint
/// followed by Cmd; CMD... on the command line replaces Cmd; <c>--entrypoint</c> replaces
/// Entrypoint and drops the image's Cmd (an empty one clears the Entrypoint).
/// </summary>
internal static class ProcessArgs
{
    public static ImmutableArray<string> Resolve(ContainerConfig image, RunOptions options)
    {
        var entrypoint = options.Entrypoint switch
        {
            null => image.Entrypoint ?? [],
            "" => [],
            var e => [e],
        };
        var cmd = !options.Command.IsDefaultOrEmpty ? options.Command
            : options.Entrypoint is null ? image.Cmd ?? []
            : [];
        var args = entrypoint.AddRange(cmd);
        if (args.IsEmpty)
        {
            throw new RunnerException($"no command specified: image {options.Image} has no Entrypoint or Cmd. Name the command after the image (builder run {options.Image} COMMAND...) or use --entrypoint.");
        }

        return args;
    }
}
