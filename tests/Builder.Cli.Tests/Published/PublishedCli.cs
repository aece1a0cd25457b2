using System.Diagnostics;
using Builder.TestKit;
using Xunit;

namespace Builder.Cli.Tests.Published;

/// <summary>
/// The ahead-of-time compiled <c>builder</c> that scripts/setup.sh publishes to <c>.builder/bin</c>
/// (what the README, the demo and the benchmarks run), and the same program on the JIT
/// (<c>dotnet builder.dll</c> from this test's output), both as child processes.
/// </summary>
internal static class PublishedCli
{
    public static string AheadOfTime => Path.Combine(RepoPaths.Root, ".builder", "bin", "builder");

    public static string JitAssembly => Path.Combine(AppContext.BaseDirectory, "builder.dll");

    public static CliResult RunAot(IReadOnlyDictionary<string, string> env, params string[] args) => Start(AheadOfTime, [], env, args);

    public static CliResult RunJit(IReadOnlyDictionary<string, string> env, params string[] args) => Start("dotnet", [JitAssembly], env, args);

    private static CliResult Start(string program, string[] prefix, IReadOnlyDictionary<string, string> env, string[] args)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in prefix.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in env)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish in 2 minutes.");
        }

        return new CliResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}

/// <summary>
/// A test of the published CLI. A developer who has not run scripts/setup.sh skips it; under
/// <c>CI=true</c> (where setup.sh always publishes) a missing binary fails it.
/// </summary>
public sealed class PublishedCliFactAttribute : FactAttribute
{
    public PublishedCliFactAttribute()
    {
        if (!ExternalTools.IsCi && !File.Exists(PublishedCli.AheadOfTime))
        {
            Skip = $"{PublishedCli.AheadOfTime} is not there: run scripts/setup.sh to publish it";
        }
    }
}
