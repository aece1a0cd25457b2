using System.Diagnostics;
using Builder.Executor.Sandbox;
using Builder.TestKit;
using Xunit;

namespace Builder.Executor.Tests.Sandbox;

/// <summary>The same bundle under builder-sandbox and under `runc run` shows the same container.</summary>
public sealed class RuncCrossCheckTests(SandboxRootfs rootfs) : IClassFixture<SandboxRootfs>
{
    // Not compared, by design: under runc the command is PID 1; under builder-sandbox its init is
    // PID 1 (it reaps orphans) and the command PID 2.
    [ToolFact("runc")]
    public void Probes_print_the_same_under_runc_and_builder_sandbox()
    {
        Requirements.Root();
        const string probes = """
            id
            hostname
            ls /dev
            grep -E '^(Cap|NoNewPrivs|Seccomp:)' /proc/self/status
            ls /sys/class/net
            cut -d' ' -f2,3 /proc/mounts | sort
            ls -A /sys/firmware; wc -c < /proc/keys
            """;
        using var bundle = new TempDirectory("sandbox-runc");
        var request = rootfs.Request("sh", "-c", probes) with { Uid = 0, Hostname = "crosscheck", AdditionalGids = [10] };
        File.WriteAllText(bundle.Combine("config.json"), RuntimeSpecFactory.ToJson(RuntimeSpecFactory.Create(request)));

        var ours = Run(SandboxHelper.Locate(), "run", bundle.Path);
        var state = bundle.Combine("runc-state");
        var theirs = Run(ExternalTools.Require("runc"), "--root", state, "run", "--bundle", bundle.Path, "crosscheck-" + Guid.NewGuid().ToString("N")[..8]);

        Assert.True(theirs.Code == 0, $"runc exited {theirs.Code}\n{theirs.Stdout}\n{theirs.Stderr}");
        Assert.True(ours.Code == 0, $"builder-sandbox exited {ours.Code}\n{ours.Stdout}\n{ours.Stderr}");
        Assert.True(theirs.Stdout == ours.Stdout, $"runc:\n{theirs.Stdout}\nbuilder-sandbox:\n{ours.Stdout}");
        Assert.Contains("CapBnd:\t00000000a80425fb", ours.Stdout, StringComparison.Ordinal);
    }

    private static (int Code, string Stdout, string Stderr) Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout, stderr.Result);
    }
}
