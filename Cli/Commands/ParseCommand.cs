using System.CommandLine;

namespace Builder.Cli.Commands;

/// <summary>
/// <c>builder parse -f FILE --format tree|json|buildkit-dump</c>. For now the action only reads the
/// file and prints its size; it will map these options to one Builder.Parser call and print the
/// result in the chosen format.
/// </summary>
internal static class ParseCommand
{
    internal static readonly string[] Formats = ["tree", "json", "buildkit-dump"];

    public static Command Create()
    {
        var file = new Option<FileInfo>("--file", "-f")
        {
            Description = "Path to the Dockerfile.",
            DefaultValueFactory = _ => new FileInfo("Dockerfile"),
        };
        var format = new Option<string>("--format")
        {
            Description = "Output format.",
            DefaultValueFactory = _ => "tree",
        };
        format.AcceptOnlyFromAmong(Formats);

        var command = new Command("parse", "Parse a Dockerfile and print its syntax tree.")
        {
            file,
            format,
        };
        command.SetAction(parseResult => Run(
            parseResult.GetValue(file)!,
            parseResult.GetValue(format)!,
            parseResult.InvocationConfiguration.Output,
            parseResult.InvocationConfiguration.Error));
        return command;
    }

    private static int Run(FileInfo file, string format, TextWriter stdout, TextWriter stderr)
    {
        if (!file.Exists)
        {
            stderr.WriteLine($"{file}: file not found; pass the Dockerfile with -f PATH.");
            return 1;
        }

        var bytes = File.ReadAllBytes(file.FullName);
        stdout.WriteLine($"{file}: {bytes.Length} bytes (format {format}; parser not wired yet)");
        return 0;
    }
}
