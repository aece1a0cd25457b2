using System.Diagnostics;
using Builder.TestKit;
using Xunit;

namespace Builder.Runner.Tests;

/// <summary><c>builder bundle</c> makes a bundle Debian's runc runs as the image's config says.</summary>
public sealed class BundleWriterTests(RunnerStore fixture) : IClassFixture<RunnerStore>
{
    [ToolFact("runc", "busybox")]
    public async Task Runc_runs_the_bundle()
    {
        Requirements.Root();
        var bundle = Path.Combine(fixture.Path, "bundle-" + Guid.NewGuid().ToString("N"));
        await BundleWriter.WriteAsync(fixture.Store, new RunOptions(BusyboxImage.Reference) { Env = ["WHO=runc"], WorkingDir = "/tmp", Command = ["sh", "-c", "echo $WHO $(pwd); exit 4"] }, bundle, CancellationToken.None);
        Assert.True(File.Exists(Path.Combine(bundle, "rootfs", "bin", "busybox")));

        var start = new ProcessStartInfo(ExternalTools.Require("runc")) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var arg in new[] { "run", "--bundle", bundle, "builder-test-" + Guid.NewGuid().ToString("N")[..12] })
        {
            start.ArgumentList.Add(arg);
        }

        using var runc = Process.Start(start)!;
        runc.StandardInput.Close();
        var stdout = await runc.StandardOutput.ReadToEndAsync();
        var stderr = await runc.StandardError.ReadToEndAsync();
        await runc.WaitForExitAsync();
        Assert.True(runc.ExitCode == 4, $"runc exited {runc.ExitCode}: {stderr}");
        Assert.Equal("runc /tmp\n", stdout);
    }
}
