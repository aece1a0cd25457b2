using System.Diagnostics;
using System.Net;

namespace Builder.TestKit;

/// <summary>
/// Debian's <c>docker-registry</c> on 127.0.0.1 and a free port, with its config and storage in a
/// temp folder, optionally behind htpasswd auth (<c>htpasswd</c> from apache2-utils makes the
/// bcrypt line). Disposing stops it and removes its folder.
/// </summary>
public sealed class RegistryServer : IDisposable
{
    private readonly TempDirectory _dir;
    private readonly Process _process;

    private RegistryServer(int port, Process process, TempDirectory dir)
    {
        Port = port;
        _process = process;
        _dir = dir;
    }

    public int Port { get; }

    /// <summary>The registry as a reference names it: <c>127.0.0.1:PORT</c>.</summary>
    public string Host => $"127.0.0.1:{Port}";

    public static async Task<RegistryServer> StartAsync(string? user = null, string? password = null)
    {
        var registry = ExternalTools.Require("docker-registry");
        var dir = new TempDirectory("registry");
        int port = LoopbackPort.Free();
        var auth = "";
        if (user is not null)
        {
            var line = ExternalTools.RunOk("htpasswd", "-Bbn", user, password ?? "");
            File.WriteAllText(dir.Combine("htpasswd"), line.Trim() + "\n");
            auth = $"auth:\n  htpasswd:\n    realm: builder-test\n    path: {dir.Combine("htpasswd")}\n";
        }

        File.WriteAllText(dir.Combine("config.yml"),
            "version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\n" +
            $"storage:\n  filesystem:\n    rootdirectory: {dir.Combine("data")}\n  delete:\n    enabled: true\n" +
            $"http:\n  addr: 127.0.0.1:{port}\n" + auth);
        var start = new ProcessStartInfo(registry) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add(dir.Combine("config.yml"));
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new RegistryServer(port, process, dir);
        try
        {
            await server.WaitReadyAsync();
        }
        catch
        {
            server.Dispose();
            throw;
        }

        return server;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
        _dir.Dispose();
    }

    private async Task WaitReadyAsync()
    {
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"docker-registry exited with code {_process.ExitCode} before it served {Host}.");
            }

            try
            {
                using var response = await http.GetAsync($"http://{Host}/v2/");
                if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Unauthorized)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }

            await Task.Delay(50);
        }
    }
}
