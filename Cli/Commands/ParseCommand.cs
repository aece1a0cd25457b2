using System.CommandLine;
using Builder.Parser;
using Builder.Parser.Printing;
using Builder.Parser.Text;

namespace Builder.Cli.Commands;

/// <summary>
/// <c>builder parse [-f FILE] [--format tree|json|buildkit-dump]</c>: parses a Dockerfile and prints
/// the tree in the chosen format; diagnostics go to stderr with file:line:col and a caret, and
/// any error makes the exit code 1.
/// </summary>
internal static class ParseCommand
{
    internal static readonly string[] Formats = ["tree", "json", "buildkit-dump"];

    public static Command Create()
    {
        var file = new Option<string>("--file", "-f")
        {
            Description = "Path to the Dockerfile.",
            DefaultValueFactory = _ => "Dockerfile",
        };
        var format = new Option<string>("--format")
        {
            Description = "Output format: tree (readable), json (for scripts) or buildkit-dump (BuildKit's parser dump).",
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

    private static int Run(string path, string format, TextWriter stdout, TextWriter stderr)
    {
        if (!File.Exists(path))
        {
            stderr.WriteLine($"{path}: error: file not found. Pass the Dockerfile with -f PATH.");
            return 1;
        }

        var dockerfile = Dockerfile.Parse(SourceText.Load(path));

        // BuildKit's dump is its parser's view: instruction-level checks (flags, stages) are not part of it.
        var diagnostics = format == "buildkit-dump" ? dockerfile.Syntax.Diagnostics : dockerfile.Diagnostics;
        switch (format)
        {
            case "json":
                stdout.Write(SyntaxJson.Write(dockerfile.Syntax, dockerfile.Diagnostics));
                break;
            case "buildkit-dump":
                if (!dockerfile.Syntax.HasErrors)
                {
                    stdout.WriteLine(dockerfile.Syntax.Dump());
                }

                break;
            default:
                stdout.Write(SyntaxTreePrinter.Print(dockerfile.Syntax));
                break;
        }

        foreach (var diagnostic in diagnostics)
        {
            stderr.Write(DiagnosticFormatter.Format(diagnostic, dockerfile.Text));
        }

        return diagnostics.Any(d => d.IsError) ? 1 : 0;
    }
}
