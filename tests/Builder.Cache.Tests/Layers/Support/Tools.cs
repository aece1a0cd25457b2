using System.Diagnostics;
using System.Text;
using Xunit;

namespace Builder.Cache.Tests.Layers.Support;

/// <summary>Runs the reference tools (GNU tar, gzip, zstd, sha256sum) that check our output.</summary>
internal static class Tools
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static Result Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.Environment["LC_ALL"] = "C.UTF-8";
        start.Environment["TZ"] = "UTC";
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail($"{program} is not installed ({e.Message}); scripts/setup.sh installs the tools the tests use.");
            throw;
        }

        using (process)
        {
            process.StandardInput.Close();
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return new Result(process.ExitCode, stdout, stderr.Result);
        }
    }

    /// <summary>Runs a shell pipeline and expects it to succeed; returns its standard output.</summary>
    public static string Shell(string script)
    {
        var result = Run("/bin/sh", "-c", "set -e; " + script);
        Assert.True(result.ExitCode == 0, $"`{script}` failed ({result.ExitCode}): {result.Stderr}");
        return result.Stdout;
    }

    /// <summary>The sha256 of a file or pipeline output as <c>sha256sum</c> prints it: "sha256:HEX".</summary>
    public static string Sha256Sum(string pipeline) =>
        "sha256:" + Shell(pipeline + " | sha256sum").Split(' ')[0];

    public static string Quote(string path) => "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
