namespace Builder.TestKit;

/// <summary>The captured result of running a command in-process.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>One text for golden files: exit code, then stdout and stderr sections.</summary>
    public string ToGolden() => $"exit: {ExitCode}\n--- stdout\n{Stdout}--- stderr\n{Stderr}";
}
