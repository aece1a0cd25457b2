using System.Collections.Immutable;
using System.CommandLine;
using Builder.Parser.Diagnostics;
using Builder.Parser.Ignore;
using Builder.Parser.Lint;
using Builder.Parser.Lint.Printing;
using Builder.Parser.Printing;
using Builder.Parser.Text;

namespace Builder.Cli.Commands;

/// <summary>
/// <c>builder lint [-f FILE]... [--build-arg K=V]... [--format text|json|sarif] [--error-on warning|error]</c>:
/// runs the lint rules (Parser/Lint) over each Dockerfile and prints the findings; the exit code is
/// 1 when a finding (or a parse error) reaches <c>--error-on</c>.
/// </summary>
internal static class LintCommand
{
    internal static readonly string[] Formats = ["text", "json", "sarif"];

    public static Command Create()
    {
        var files = new Option<string[]>("--file", "-f")
        {
            Description = "Dockerfile(s) to lint (default: Dockerfile).",
            AllowMultipleArgumentsPerToken = false,
        };
        var buildArgs = new Option<string[]>("--build-arg")
        {
            Description = "Build argument K=V (BUILDKIT_DOCKERFILE_CHECK replaces the file's '# check=').",
        };
        var format = new Option<string>("--format") { Description = "text, json or sarif.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong(Formats);
        var errorOn = new Option<string>("--error-on") { Description = "Exit 1 when a finding is at least this severe.", DefaultValueFactory = _ => "error" };
        errorOn.AcceptOnlyFromAmong("warning", "error");
        var enable = new Option<string[]>("--enable") { Description = "Also run a rule that is off by default (name or id; 'all')." };
        var context = new Option<string?>("--context") { Description = "Build context for .dockerignore (default: the Dockerfile's folder)." };

        var command = new Command("lint", "Check Dockerfiles against BuildKit's build checks and Builder's shell rules.")
        {
            files, buildArgs, format, errorOn, enable, context,
        };
        command.SetAction(r => Run(
            r.GetValue(files) is { Length: > 0 } f ? f : ["Dockerfile"],
            r.GetValue(buildArgs) ?? [],
            r.GetValue(format)!,
            r.GetValue(errorOn) == "warning" ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error,
            r.GetValue(enable) ?? [],
            r.GetValue(context),
            r.InvocationConfiguration.Output,
            r.InvocationConfiguration.Error));
        return command;
    }

    private static int Run(string[] paths, string[] buildArgs, string format, DiagnosticSeverity errorOn, string[] enable, string? contextDir, TextWriter stdout, TextWriter stderr)
    {
        var args = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var pair in buildArgs)
        {
            int eq = pair.IndexOf('=');
            string key = eq < 0 ? pair : pair.Substring(0, eq);
            string? value = eq < 0 ? Environment.GetEnvironmentVariable(key) : pair.Substring(eq + 1);
            if (value is not null)
            {
                args[key] = value;
            }
        }

        var results = ImmutableArray.CreateBuilder<LintResult>();
        foreach (var path in paths)
        {
            if (!File.Exists(path))
            {
                return CommandSupport.Fail(stderr, $"{path}: file not found. Pass the Dockerfile with -f PATH.");
            }

            var options = LintOptions.Default with
            {
                BuildArgs = args.ToImmutable(),
                DockerIgnore = LoadIgnore(contextDir ?? Path.GetDirectoryName(Path.GetFullPath(path))!, path),
                Enable = LintOptions.Default.Enable.Union(enable),
            };
            results.Add(Linter.Lint(SourceText.Load(path), options));
        }

        switch (format)
        {
            case "json":
                stdout.Write(LintJson.Write(results));
                break;
            case "sarif":
                stdout.Write(LintSarif.Write(results, typeof(LintCommand).Assembly.GetName().Version?.ToString() ?? "0.0.0"));
                break;
            default:
                foreach (var result in results)
                {
                    foreach (var d in result.All)
                    {
                        stdout.Write(DiagnosticFormatter.Format(d, result.Text));
                    }
                }

                break;
        }

        foreach (var violation in results.Select(r => r.ViolationError).OfType<string>())
        {
            stderr.WriteLine($"builder: error: {violation}");
        }

        bool failed = results.Any(r => r.ViolationError is not null || r.All.Any(d => d.Severity >= errorOn));
        return failed ? 1 : 0;
    }

    private static IgnoreFile? LoadIgnore(string contextDir, string dockerfile)
    {
        var found = IgnoreFileLocator.Find(contextDir, dockerfile);
        return found is null ? null : IgnoreFile.Parse(SourceText.Load(found));
    }
}
