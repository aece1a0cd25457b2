using System.Diagnostics;
using System.Text.RegularExpressions;
using Builder.TestKit;
using Xunit;

namespace Builder.Cli.Tests.Commands;

/// <summary>
/// <c>builder run -it</c> on a real terminal: the CLI (<c>dotnet builder.dll</c>) runs under
/// util-linux <c>script</c>, which gives it a pty as its terminal, fed from a pipe.
/// </summary>
public sealed partial class RunTerminalTests
{
    [SandboxFact("script")]
    public async Task Run_it_puts_the_terminal_in_raw_mode_passes_its_size_and_restores_it()
    {
        using var store = new CliStore();
        await BusyboxImage.ImportAsync(new Builder.Cache.Images.ImageStore(new Builder.Cache.StoreRoot(store.Root)));
        var cli = $"dotnet {Path.Combine(AppContext.BaseDirectory, "builder.dll")} run --root {store.Root} -it --rm {BusyboxImage.Reference}";

        // One key and no newline reaches the container's `dd` only if the CLI's terminal is raw: a
        // canonical one would hold it until a newline that never comes.
        var session = "stty rows 33 cols 77; " +
            $"{cli} sh -c 'stty size; stty raw -echo; dd bs=1 count=1 2>/dev/null | od -An -c'; echo rc=$?; " +
            "stty -a | grep -o -- ' -\\?icanon'";
        var start = new ProcessStartInfo(ExternalTools.Require("script"))
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-q", "-e", "-c", session, "/dev/null" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        await process.StandardInput.WriteAsync("k");
        await process.StandardInput.FlushAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"the -it session did not end (is the terminal raw?):\n{await output}");
        }

        process.StandardInput.Close();
        var text = await output;
        Assert.Contains("33 77\r\n", text);
        Assert.Matches(KeyRead(), text);
        Assert.Contains("rc=0", text);
        Assert.EndsWith(" icanon\r\n", text); // canonical again after the run
    }

    /// <summary>od's line for the one byte: three spaces then the key (the container's pty is raw by then: no CR).</summary>
    [GeneratedRegex(@"   k\n")]
    private static partial Regex KeyRead();
}
