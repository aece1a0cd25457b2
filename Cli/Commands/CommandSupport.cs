using System.CommandLine;
using Builder.Cache;
using Builder.Cache.Images;

namespace Builder.Cli.Commands;

/// <summary>What commands share: the clock (fixed in tests), the <c>--root</c> option and error printing.</summary>
internal sealed record CliContext(TimeProvider Time)
{
    public static CliContext Default { get; } = new(TimeProvider.System);

    /// <summary>Standard input (<c>-f -</c>); tests give their own.</summary>
    public Func<Stream> OpenStdin { get; init; } = Console.OpenStandardInput;

    public ImageStore OpenStore(string? root) => new(StoreRoot.Resolve(root), Time);
}

internal static class CommandSupport
{
    public static Option<string?> RootOption() => new("--root")
    {
        Description = "The store root (default: $BUILDER_ROOT, else $XDG_DATA_HOME/builder, else ~/.local/share/builder).",
    };

    /// <summary>Prints a store error as <c>builder: error: ...</c>; returns the exit code 1.</summary>
    public static int Fail(TextWriter stderr, string message)
    {
        stderr.WriteLine($"builder: error: {message}");
        return 1;
    }

    /// <summary>Runs a command body, turning a <see cref="StoreException"/> (or a file system error) into its message and exit code 1.</summary>
    public static async Task<int> RunAsync(ParseResult result, Func<TextWriter, TextWriter, Task<int>> body)
    {
        var stdout = result.InvocationConfiguration.Output;
        var stderr = result.InvocationConfiguration.Error;
        try
        {
            return await body(stdout, stderr).ConfigureAwait(false);
        }
        catch (StoreException e)
        {
            return Fail(stderr, e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The store root or a named file is unusable (a file where a folder should be, no permission).
            return Fail(stderr, $"{e.Message} Check the path and its permissions (the store root is --root, BUILDER_ROOT or $XDG_DATA_HOME/builder).");
        }
    }

    public static Task<int> Run(ParseResult result, Func<TextWriter, TextWriter, int> body) =>
        RunAsync(result, (o, e) => Task.FromResult(body(o, e)));
}
