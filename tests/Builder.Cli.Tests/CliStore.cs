using Builder.TestKit;

namespace Builder.Cli.Tests;

/// <summary>
/// A store in a temp folder and a fixed clock for running image commands in-process; every command
/// gets <c>--root</c>, and the folder paths are shown as <c>$ROOT</c> and <c>$TMP</c> in the output.
/// </summary>
internal sealed class CliStore : IDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public CliStore()
    {
        Dir = new TempDirectory("cli-store");
        Root = Dir.Combine("root");
    }

    public TempDirectory Dir { get; }

    public string Root { get; }

    public FixedClock Clock { get; } = new(Now);

    public CliResult Run(params string[] args)
    {
        var result = CliHarness.Run(Clock, [.. args, "--root", Root]);
        return result with { Stdout = Clean(result.Stdout), Stderr = Clean(result.Stderr) };
    }

    /// <summary>Runs with <paramref name="stdin"/> as standard input.</summary>
    public CliResult RunWithStdin(string stdin, params string[] args)
    {
        var result = CliHarness.RunWithStdin(Clock, stdin, [.. args, "--root", Root]);
        return result with { Stdout = Clean(result.Stdout), Stderr = Clean(result.Stderr) };
    }

    /// <summary>Runs and fails the test unless the command exits 0.</summary>
    public CliResult Ok(params string[] args)
    {
        var result = Run(args);
        Xunit.Assert.True(result.ExitCode == 0, $"builder {string.Join(' ', args)} failed:\n{result.ToGolden()}");
        return result;
    }

    /// <summary>Writes a one-file rootfs tar and imports it as <paramref name="name"/>; returns the image id line.</summary>
    public string Import(string name, string marker)
    {
        var tar = TestRootfs.WriteTar(Dir.Combine($"{marker}.tar"), marker);
        return Ok("import", "--platform", "linux/amd64", tar, name).Stdout.Trim();
    }

    public void Dispose() => Dir.Dispose();

    private string Clean(string text) => text.Replace(Root, "$ROOT").Replace(Dir.Path, "$TMP");
}
