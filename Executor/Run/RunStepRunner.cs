using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Builder.Cache.Content;
using Builder.Cache.Layers;
using Builder.Executor.Caching;
using Builder.Executor.Sandbox;
using Builder.Executor.Snapshots;
using Builder.Parser.Instructions;
using Builder.Planner.Model;

namespace Builder.Executor.Run;

/// <summary>
/// Runs one RUN step: a writable root file system over its parent's layers (overlay, else the
/// copy fallback), the user resolved in it, the working directory made, the mounts and
/// BuildKit's <c>/etc/hosts</c> and <c>/etc/resolv.conf</c> bound in, the process started in the
/// namespace sandbox; a zero exit commits the changes as one layer into the build's staging store,
/// anything else throws <see cref="RunFailedException"/> and leaves nothing behind. Output lines
/// go to <c>log</c> prefixed with the seconds since the start, as BuildKit's plain progress shows them.
/// </summary>
internal sealed class RunStepRunner(RunMountSources sources, SandboxRunner sandbox, ContentStore staging, LayerWriterOptions layerOptions)
{
    public const string Hostname = "buildkitsandbox";

    public async Task<StepRecord> RunAsync(RunStep step, DateTimeOffset created, Action<string> log, CancellationToken ct)
    {
        var chain = sources.ChainOf(step.Parent!);
        await using var session = await sources.Snapshotter.PrepareAsync(chain, ct).ConfigureAwait(false);
        var rootfs = session.MergedPath;
        var user = RunUser.Resolve(rootfs, step.User);
        EnsureWorkingDirectory(rootfs, step.WorkingDir, user);

        var stubs = new MountStubs(rootfs);
        var network = NetworkFiles(step.Network);
        try
        {
            await using var mounts = await RunMounts.PrepareAsync(step, sources, stubs, ct).ConfigureAwait(false);
            using var files = InlineFiles(step);
            foreach (var mount in network.Mounts.Concat(files.Mounts).Concat(mounts.Mounts))
            {
                stubs.Ensure(mount.Destination, file: mount.Type == "bind" && File.Exists(mount.Source));
            }

            var request = new SandboxRequest(rootfs, step.Args)
            {
                Env = [.. step.Env, .. step.ProxyEnv, .. mounts.SecretEnv],
                Cwd = step.WorkingDir,
                Uid = user.Uid,
                Gid = user.Gid,
                AdditionalGids = user.AdditionalGids,
                Hostname = Hostname,
                HostNetwork = step.Network != NetworkMode.None,
                Mounts = [.. network.Mounts, .. files.Mounts, .. mounts.Mounts],
            };
            var clock = Stopwatch.StartNew();
            void Line(string text) => log(clock.Elapsed.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture) + " " + text);
            var result = await sandbox.RunAsync(request, new SandboxOutput(Line, Line), ct).ConfigureAwait(false);
            if (result.ExitCode != 0)
            {
                throw new RunFailedException(string.Join(" ", step.Args), result.ExitCode, result.LastLines);
            }
        }
        finally
        {
            stubs.Remove();
            network.Dispose();
        }

        var layer = await session.CommitAsync(new LayerWriter(staging, layerOptions), ct).ConfigureAwait(false);
        session.KeepAsSnapshot(sources.Snapshotter.Snapshots, [.. chain, new LayerRef(layer.Blob, layer.DiffId)]);
        return new StepRecord(layer.Blob, layer.DiffId, created);
    }

    private static void EnsureWorkingDirectory(string rootfs, string workingDir, RunUser user)
    {
        var host = RootfsPath.Resolve(rootfs, workingDir);
        if (!Directory.Exists(host))
        {
            Directory.CreateDirectory(host);
            Snapshots.Native.SnapshotLibC.Check(Snapshots.Native.SnapshotLibC.lchown(host, (int)user.Uid, (int)user.Gid), "lchown", host);
        }
    }

    /// <summary><c>/etc/hosts</c> naming the sandbox and the host's <c>/etc/resolv.conf</c>, bound read-only (BuildKit writes its own too; neither reaches the layer).</summary>
    private TempFiles NetworkFiles(NetworkMode network)
    {
        var files = new TempFiles(Path.Combine(sources.Root.Temp, "net-" + Guid.NewGuid().ToString("N")));
        var hosts = files.Write("hosts", $"127.0.0.1\tlocalhost {Hostname}\n::1\tlocalhost ip6-localhost ip6-loopback\n");
        var resolv = files.Write("resolv.conf", network == NetworkMode.None || !File.Exists("/etc/resolv.conf") ? string.Empty : File.ReadAllText("/etc/resolv.conf"));
        files.Mounts = [new RuntimeMount("/etc/hosts", "bind", hosts, ["rbind", "ro"]), new RuntimeMount("/etc/resolv.conf", "bind", resolv, ["rbind", "ro"])];
        return files;
    }

    /// <summary>A here-document RUN with a <c>#!</c> line: its body as a read-only file under <c>/dev/pipes/</c>.</summary>
    private TempFiles InlineFiles(RunStep step)
    {
        var files = new TempFiles(Path.Combine(sources.Root.Temp, "pipes-" + Guid.NewGuid().ToString("N")));
        files.Mounts = [.. step.InlineFiles.Select(f =>
        {
            var path = files.Write(f.Name, f.Content);
            Snapshots.Native.SnapshotLibC.Check(Snapshots.Native.SnapshotLibC.chmod(path, Convert.ToUInt32("755", 8)), "chmod", path);
            return new RuntimeMount("/dev/pipes/" + f.Name, "bind", path, ["rbind", "ro"]);
        })];
        return files;
    }

    private sealed class TempFiles(string folder) : IDisposable
    {
        public ImmutableArray<RuntimeMount> Mounts { get; set; } = [];

        public string Write(string name, string content)
        {
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, name);
            File.WriteAllText(path, content);
            return path;
        }

        public void Dispose()
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
