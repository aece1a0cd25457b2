using Builder.Executor.Snapshots;
using Builder.TestKit;
using Xunit;

namespace Builder.Executor.Tests.Run;

/// <summary>RUN end to end on the busybox image: the sandboxed process, its output, and the layer it leaves.</summary>
public sealed class RunBuildTests
{
    [SandboxTheory]
    [InlineData("Overlay")]
    [InlineData("Copy")]
    public async Task Run_changes_become_a_layer_with_whiteouts_under_either_snapshotter(string kind)
    {
        Requirements.Root();
        using var h = new BuildHarness { Snapshotter = Enum.Parse<SnapshotterKind>(kind) };
        await BusyboxImage.ImportAsync(h.Store);
        var dockerfile = $"""
            FROM {BusyboxImage.Reference}
            RUN mkdir -p /data/keep /data/gone && echo 1 > /data/keep/a && echo 2 > /data/gone/b && echo hello from run
            RUN rm -rf /data/gone && rm /bin/vi && echo 3 > /data/keep/a && ln /data/keep/a /data/link
            """;

        var result = await h.BuildAsync(dockerfile, "run/fs:1");

        Assert.True(result.Succeeded, Describe(result, h));
        Assert.Contains(" hello from run", h.Progress, StringComparison.Ordinal);
        var root = await h.UnpackAsync(result.Image!);
        Assert.Equal("3\n", File.ReadAllText(Path.Combine(root, "data/keep/a")));
        Assert.False(Directory.Exists(Path.Combine(root, "data/gone")));
        Assert.False(File.Exists(Path.Combine(root, "bin/vi")) || new FileInfo(Path.Combine(root, "bin/vi")).LinkTarget is not null);
        Assert.True(File.Exists(Path.Combine(root, "bin/sh")) || new FileInfo(Path.Combine(root, "bin/sh")).LinkTarget is not null);
        Assert.False(File.Exists(Path.Combine(root, "etc/hosts")), "the /etc/hosts mount stub must not reach the layer");
        AssertNothingLeft(h);
    }

    [SandboxFact]
    public async Task The_process_sees_args_env_user_workdir_and_hostname_but_args_stay_out_of_the_image()
    {
        Requirements.Root();
        using var h = new BuildHarness();
        await BusyboxImage.ImportAsync(h.Store);
        h.BuildArgs["TOKEN"] = "from-arg";
        var dockerfile = $"""
            FROM {BusyboxImage.Reference}
            ARG TOKEN
            ENV KEPT=env
            RUN echo 'app:x:1001:1002:app:/home/app:/bin/sh' >> /etc/passwd && echo 'app:x:1002:' >> /etc/group && echo 'extra:x:1003:app' >> /etc/group
            USER app
            WORKDIR /work
            RUN echo "$TOKEN $KEPT $(id -u):$(id -g):$(id -G) $(pwd) $(hostname)" > out.txt
            """;

        var result = await h.BuildAsync(dockerfile);

        Assert.True(result.Succeeded, Describe(result, h));
        var root = await h.UnpackAsync(result.Image!);
        Assert.Equal("from-arg env 1001:1002:1002 1003 /work buildkitsandbox\n", File.ReadAllText(Path.Combine(root, "work/out.txt")));
        Assert.DoesNotContain(h.ConfigOf(result.Image!).Config.Env!.Value, e => e.StartsWith("TOKEN=", StringComparison.Ordinal));
    }

    [SandboxFact]
    public async Task A_failing_run_stops_at_its_line_with_its_output_and_exit_code_and_records_nothing()
    {
        Requirements.Root();
        using var h = new BuildHarness();
        await BusyboxImage.ImportAsync(h.Store);
        var before = Directory.GetFiles(h.Store.Root.Path, "*", SearchOption.AllDirectories).Where(f => !f.Contains("/tmp/", StringComparison.Ordinal)).Order().ToArray();
        var dockerfile = $"""
            FROM {BusyboxImage.Reference}
            RUN echo about to fail && exit 3
            """;

        var result = await h.BuildAsync(dockerfile, "run/fail:1");

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Diagnostics, d => d.Diagnostic.IsError);
        Assert.Contains("process \"/bin/sh -c echo about to fail && exit 3\" did not complete successfully: exit code: 3", error.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(2, error.Source.GetLinePosition(error.Diagnostic.Span.Start).Line);
        Assert.Contains(" about to fail", h.Progress, StringComparison.Ordinal);
        Assert.Single(h.Store.List()); // the base image only
        var after = Directory.GetFiles(h.Store.Root.Path, "*", SearchOption.AllDirectories).Where(f => !f.Contains("/tmp/", StringComparison.Ordinal) && !f.Contains("/snapshots/", StringComparison.Ordinal) && !f.Contains("context-memo", StringComparison.Ordinal)).Order().ToArray();
        Assert.Equal(before.Where(f => !f.Contains("context-memo", StringComparison.Ordinal)), after);
        AssertNothingLeft(h);
    }

    [SandboxFact]
    public async Task An_unchanged_rebuild_runs_nothing()
    {
        Requirements.Root();
        using var h = new BuildHarness();
        await BusyboxImage.ImportAsync(h.Store);
        var dockerfile = $"""
            FROM {BusyboxImage.Reference}
            RUN echo ran-once > /f
            """;
        var first = await h.BuildAsync(dockerfile);

        var second = await h.BuildAsync(dockerfile);

        Assert.Equal("CACHED", h.StatusOf("RUN echo ran-once"));
        Assert.DoesNotContain(" ran-once", h.Progress.Replace("RUN echo ran-once", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(first.Image!.ManifestDescriptor.Digest, second.Image!.ManifestDescriptor.Digest);
    }

    [SandboxFact]
    public async Task Network_none_has_only_loopback()
    {
        Requirements.Root();
        using var h = new BuildHarness();
        await BusyboxImage.ImportAsync(h.Store);
        var dockerfile = $"""
            FROM {BusyboxImage.Reference}
            RUN --network=none cat /proc/net/dev | tail -n +3 | cut -d: -f1 | tr -d ' ' > /ifaces
            """;

        var result = await h.BuildAsync(dockerfile);

        Assert.True(result.Succeeded, Describe(result, h));
        Assert.Equal("lo\n", File.ReadAllText(Path.Combine(await h.UnpackAsync(result.Image!), "ifaces")));
    }

    [SandboxFact]
    public async Task A_heredoc_with_a_shebang_runs_as_a_script()
    {
        Requirements.Root();
        using var h = new BuildHarness();
        await BusyboxImage.ImportAsync(h.Store);
        var dockerfile = $"""
            FROM {BusyboxImage.Reference}
            RUN <<EOF
            #!/bin/sh -e
            echo "script $0" > /script.txt
            EOF
            """;

        var result = await h.BuildAsync(dockerfile);

        Assert.True(result.Succeeded, Describe(result, h));
        Assert.Equal("script /dev/pipes/EOF\n", File.ReadAllText(Path.Combine(await h.UnpackAsync(result.Image!), "script.txt")));
    }

    [SandboxFact]
    public async Task Cancelling_a_running_step_kills_it_and_leaves_no_mount_process_or_temp_folder()
    {
        Requirements.Root();
        using var h = new BuildHarness();
        await BusyboxImage.ImportAsync(h.Store);
        var marker = "builder-cancel-" + Guid.NewGuid().ToString("N")[..8];
        var dockerfile = $"""
            FROM {BusyboxImage.Reference}
            RUN echo {marker} > /m && sleep 300
            """;
        using var cts = new CancellationTokenSource();
        var build = h.BuildAsync(dockerfile, null, cts.Token);
        await WaitForAsync(() => ProcessesWith("sleep 300").Length > 0);

        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => build);
        await WaitForAsync(() => ProcessesWith("sleep 300").Length == 0, () => "still running: " + string.Join("; ", ProcessesWith("sleep 300")));
        AssertNothingLeft(h);
        Assert.Single(h.Store.List()); // the base image only
    }

    internal static void AssertNothingLeft(BuildHarness h)
    {
        var root = Path.GetFullPath(h.Store.Root.Path);
        Assert.DoesNotContain(File.ReadAllLines("/proc/self/mountinfo"), l => l.Contains(root, StringComparison.Ordinal));
        var temp = h.Store.Root.Temp;
        Assert.Empty(Directory.Exists(temp) ? Directory.GetFileSystemEntries(temp).Where(p => !Path.GetFileName(p).StartsWith("overlay-probe", StringComparison.Ordinal)) : []);
    }

    internal static string Describe(BuildResult result, BuildHarness h) =>
        string.Join("\n", result.Diagnostics.Select(d => d.Diagnostic.Message)) + result.Error + "\n" + h.Progress;

    private static string[] ProcessesWith(string text) =>
        [.. Directory.GetDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)).Select(d =>
        {
            try
            {
                // The status (for the failure message) only of the processes that match.
                var command = File.ReadAllText(Path.Combine(d, "cmdline")).Replace('\0', ' ');
                if (!command.Contains(text, StringComparison.Ordinal))
                {
                    return string.Empty;
                }

                var status = File.ReadAllLines(Path.Combine(d, "status")).Where(l => l.StartsWith("State:", StringComparison.Ordinal) || l.StartsWith("PPid:", StringComparison.Ordinal) || l.StartsWith("NSpid:", StringComparison.Ordinal));
                return $"{Path.GetFileName(d)} {command} ({string.Join(", ", status.Select(l => l.Replace('\t', ' ')))})";
            }
            catch (IOException)
            {
                return string.Empty;
            }
        }).Where(c => c.Length > 0)];

    private static async Task WaitForAsync(Func<bool> condition, Func<string>? describe = null)
    {
        for (int i = 0; i < 600 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition(), "the condition did not hold within 30 s. " + describe?.Invoke());
    }
}
