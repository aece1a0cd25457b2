using Builder.TestKit;
using Xunit;

namespace Builder.Cli.Tests.Commands;

/// <summary>
/// <c>builder parse</c> on the cases in <c>fixtures/parse/</c>: each format's output (exit code,
/// stdout, stderr) is pinned by a golden file next to the case's Dockerfile.
/// </summary>
public sealed class ParseCommandTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var dir in Directory.GetDirectories(Path.Combine(RepoPaths.Fixtures, "parse")).OrderBy(d => d, StringComparer.Ordinal))
        {
            foreach (var format in new[] { "tree", "json", "buildkit-dump" })
            {
                data.Add(Path.GetFileName(dir), format);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Output_matches_golden(string name, string format)
    {
        var dir = Path.Combine(RepoPaths.Fixtures, "parse", name);
        var result = CliHarness.Run("parse", "-f", Path.Combine(dir, "Dockerfile"), "--format", format);
        Golden.Verify(Path.Combine(dir, $"{format}.golden.txt"), result.ToGolden());
    }

    [Fact]
    public void Buildkit_dump_prints_every_conformance_result_exactly()
    {
        int count = 0;
        foreach (var dir in Directory.GetDirectories(RepoPaths.ConformancePath("parser")))
        {
            var result = CliHarness.Run("parse", "-f", Path.Combine(dir, "Dockerfile"), "--format", "buildkit-dump");
            Assert.Equal(0, result.ExitCode);
            Assert.Equal(File.ReadAllText(Path.Combine(dir, "result")), result.Stdout);
            count++;
        }

        Assert.Equal(33, count);
    }

    [Fact]
    public void Missing_file_is_an_error_that_says_what_to_do()
    {
        var result = CliHarness.Run("parse", "-f", "/nonexistent/Dockerfile");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("/nonexistent/Dockerfile: error: file not found", result.Stderr);
        Assert.Contains("-f PATH", result.Stderr);
    }

    [Fact]
    public void Unknown_format_is_rejected()
    {
        var result = CliHarness.Run("parse", "--format", "yaml");
        Assert.NotEqual(0, result.ExitCode);
    }
}
