using System.Diagnostics;
using Xunit;

namespace Builder.TestKit;

/// <summary>
/// The programs some tests run (busybox for base images, skopeo and umoci for interop) and the
/// Debian packages that bring them (scripts/setup.sh installs them). Missing on a developer's
/// machine: the test is skipped. Missing under <c>CI=true</c>: the test runs and fails, naming the package.
/// </summary>
public static class ExternalTools
{
    private static readonly Dictionary<string, (string Path, string Package)> Known = new()
    {
        ["busybox"] = ("/bin/busybox", "busybox-static"),
        ["skopeo"] = ("skopeo", "skopeo"),
        ["umoci"] = ("umoci", "umoci"),
        ["tar"] = ("tar", "tar"),
        ["docker-registry"] = ("/usr/bin/docker-registry", "docker-registry"),
        ["htpasswd"] = ("htpasswd", "apache2-utils"),
        ["script"] = ("script", "bsdutils"),
    };

    public static bool IsCi => Requirements.InCi;

    public static string PackageOf(string tool) => Known.TryGetValue(tool, out var t) ? t.Package : tool;

    /// <summary>The full path of the tool, or null when it is not installed.</summary>
    public static string? Find(string tool)
    {
        var name = Known.TryGetValue(tool, out var t) ? t.Path : tool;
        if (Path.IsPathRooted(name))
        {
            return File.Exists(name) ? name : null;
        }

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':'))
        {
            var candidate = Path.Combine(dir, name);
            if (dir.Length > 0 && File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The tool's path; fails the test with the package to install when it is missing.</summary>
    public static string Require(string tool) =>
        Find(tool) ?? throw new InvalidOperationException(
            $"{tool} is not installed; install the Debian package {PackageOf(tool)} (scripts/setup.sh does: apt-get install {PackageOf(tool)}).");

    /// <summary>Runs a tool to the end; returns its exit code, stdout and stderr.</summary>
    public static (int ExitCode, string Stdout, string Stderr) Run(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(Require(tool)) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
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

    /// <summary>Runs a tool and fails the test with its output unless it exits 0.</summary>
    public static string RunOk(string tool, params string[] args)
    {
        var (code, stdout, stderr) = Run(tool, args);
        Assert.True(code == 0, $"{tool} {string.Join(' ', args)} exited {code}\n{stdout}\n{stderr}");
        return stdout;
    }
}

/// <summary>
/// A fact that needs external tools: skipped when one is missing, except under <c>CI=true</c>, where
/// it runs and fails (through <see cref="ExternalTools.Require"/>) so a broken CI setup is seen.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ToolFactAttribute : FactAttribute
{
    public ToolFactAttribute(params string[] tools)
    {
        var missing = tools.Where(t => ExternalTools.Find(t) is null).ToList();
        if (missing.Count > 0 && !ExternalTools.IsCi)
        {
            Skip = $"needs {string.Join(", ", missing)} (Debian: {string.Join(" ", missing.Select(ExternalTools.PackageOf))}; scripts/setup.sh installs them)";
        }
    }
}
