using System.CommandLine;
using Builder.TestKit;

namespace Builder.Cli.Tests;

internal static class CliHarness
{
    /// <summary>Runs <c>builder ARGS</c> in-process; the repository root is shown as <c>$REPO/</c>.</summary>
    public static CliResult Run(params string[] args) => Run(null, args);

    /// <summary>Runs <c>builder ARGS</c> in-process with <paramref name="time"/> as the clock.</summary>
    public static CliResult Run(TimeProvider? time, params string[] args) => RunWithStdin(time, null, args);

    /// <summary>Runs <c>builder ARGS</c> in-process with <paramref name="stdin"/> (UTF-8) as standard input.</summary>
    public static CliResult RunWithStdin(TimeProvider? time, string? stdin, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var config = new InvocationConfiguration { Output = stdout, Error = stderr };
        Func<Stream>? input = stdin is null ? null : () => new MemoryStream(System.Text.Encoding.UTF8.GetBytes(stdin));
        int code = Program.Parse(Program.CreateRootCommand(time, input), args).Invoke(config);
        string root = RepoPaths.Root + Path.DirectorySeparatorChar;
        return new CliResult(code, stdout.ToString().Replace(root, "$REPO/"), stderr.ToString().Replace(root, "$REPO/"));
    }
}
