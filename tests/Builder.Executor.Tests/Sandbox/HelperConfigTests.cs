using System.Diagnostics;
using Builder.Executor.Sandbox;
using Builder.TestKit;
using Xunit;

namespace Builder.Executor.Tests.Sandbox;

/// <summary>config.json problems: the helper refuses before creating anything, so no root is needed.</summary>
public sealed class HelperConfigTests
{
    [Theory]
    [InlineData("{", "builder-sandbox: ", "config.json: invalid JSON: expected a member name at byte 1")]
    [InlineData("""{"process":{"terminal":"yes","args":["sh"],"cwd":"/"},"root":{"path":"r"}}""", "builder-sandbox: config.json: ", "process.terminal must be a boolean, not a string")]
    [InlineData("""{"process":{"args":[],"cwd":"/"},"root":{"path":"r"}}""", "builder-sandbox: config.json: ", "process.args must name a command")]
    [InlineData("""{"process":{"args":["sh"],"cwd":"/","capabilities":{"bounding":["CAP_FLY"]}},"root":{"path":"r"}}""", "builder-sandbox: config.json: ", "process.capabilities.bounding: unknown capability CAP_FLY")]
    [InlineData("""{"process":{"args":["sh"],"cwd":"/"},"root":{"path":"r"},"mounts":[{"destination":"/sys/fs/cgroup","type":"cgroup","source":"cgroup"}]}""", "builder-sandbox: config.json: ", "mounts[0] (/sys/fs/cgroup): unsupported type cgroup")]
    [InlineData("""{"process":{"args":["sh"],"cwd":"/"},"root":{"path":"r"},"mounts":[{"destination":"/x","type":"tmpfs","source":"t","options":["fancy"]}]}""", "builder-sandbox: config.json: ", "mounts[0] (/x): unsupported option fancy")]
    [InlineData("""{"process":{"args":["sh"],"cwd":"/"},"root":{"path":"r"},"linux":{"namespaces":[{"type":"pid"},{"type":"mount"},{"type":"time"}]}}""", "builder-sandbox: config.json: ", "linux.namespaces[2]: unsupported type time")]
    [InlineData("""{"process":{"args":["sh"],"cwd":"/"},"root":{"path":"r"},"linux":{"namespaces":[{"type":"pid"}]}}""", "builder-sandbox: config.json: ", "linux.namespaces must include mount")]
    [InlineData("""{"process":{"args":["sh"],"cwd":"/"},"root":{"path":"r"},"linux":{"namespaces":[{"type":"pid"},{"type":"mount"}],"seccomp":{}}}""", "builder-sandbox: config.json: ", "linux.seccomp is not supported")]
    [InlineData("""{"process":{"args":["sh"],"cwd":"/"},"root":{"path":"missing"}}""", "builder-sandbox: root.path ", "missing: No such file or directory")]
    public void An_unsupported_or_broken_config_exits_125_with_one_line(string config, string prefix, string expected)
    {
        using var bundle = new TempDirectory("sandbox-config");
        Directory.CreateDirectory(bundle.Combine("r"));
        File.WriteAllText(bundle.Combine("config.json"), config);

        var (code, stdout, stderr) = RunHelper("run", bundle.Path);

        Assert.Equal(125, code);
        Assert.Equal("", stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith(prefix, line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_bundle_names_the_file()
    {
        var (code, _, stderr) = RunHelper("run", "/nonexistent-bundle");

        Assert.Equal(125, code);
        Assert.Equal("builder-sandbox: reading /nonexistent-bundle/config.json: No such file or directory\n", stderr);
    }

    [Fact]
    public void Wrong_usage_prints_the_usage()
    {
        var (code, _, stderr) = RunHelper("start");

        Assert.Equal(125, code);
        Assert.StartsWith("builder-sandbox: usage: builder-sandbox run BUNDLE_DIR", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void The_json_reader_takes_escapes_and_unicode()
    {
        using var bundle = new TempDirectory("sandbox-config");
        // Valid JSON with escapes up to the first unsupported field: the error proves parsing got that far.
        File.WriteAllText(bundle.Combine("config.json"), """{"x":"a\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00","n":[1,-2.5e3,0],"process":{"args":["\u0073h"],"cwd":"rel"}}""");

        var (code, _, stderr) = RunHelper("run", bundle.Path);

        Assert.Equal(125, code);
        Assert.Contains("process.cwd must be an absolute path", stderr, StringComparison.Ordinal);
    }

    internal static (int Code, string Stdout, string Stderr) RunHelper(params string[] args)
    {
        var start = new ProcessStartInfo(SandboxHelper.Locate()) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout, stderr.Result);
    }
}
