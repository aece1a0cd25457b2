using System.Security.Cryptography;
using Builder.Cache.Images;
using Builder.Executor.Sandbox;
using Builder.Executor.Snapshots;
using System.Text.Json;
using Builder.Runner.Containers;
using Builder.Runner.Health;
using Builder.Runner.Launch;
using Builder.Runner.Spec;

namespace Builder.Runner;

/// <summary>How a foreground container ended (for a detached one: only its id).</summary>
/// <param name="ExitCode">The container's status; 128+N when signal N killed it; 125 when it could not be set up, 126/127 when the command could not be run / was not found.</param>
/// <param name="OomKilled">The kernel killed a process of the container for exceeding <c>--memory</c>.</param>
public sealed record RunOutcome(string Id, int ExitCode, bool OomKilled);

/// <summary>
/// <c>builder run</c>: IMAGE → a container under <c>ROOT/containers/&lt;id&gt;</c> whose root is an
/// overlay on the image's snapshots, its runtime config made from the image config and the
/// options, run in the namespace sandbox in the foreground (streams and signals passed through)
/// or detached (with the image's HEALTHCHECK run by its monitor). An <c>--rm</c> container leaves
/// nothing behind (a detached one's monitor removes it); any other keeps its record (ps -a, logs,
/// inspect) with the overlay unmounted once it has exited.
/// </summary>
public sealed class ContainerRunner(ImageStore store, TimeProvider? time = null)
{
    private readonly ContainerStore _containers = new(store.Root);

    public async Task<RunOutcome> RunAsync(RunOptions options, RunStreams streams, CancellationToken ct)
    {
        var image = await ImageSource.ResolveAsync(store, options.Image, ct).ConfigureAwait(false);
        _ = Shim.Locate(); // fail before anything is made when the helpers or root are missing
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var state = new ContainerState(
            id,
            options.Name ?? "builder_" + id[..8],
            options.Image,
            image.Id.ToString(),
            ProcessArgs.Resolve(image.Config.Config, options),
            (time ?? TimeProvider.System).GetUtcNow(),
            options.Detach,
            image.Config.Config.StopSignal ?? "SIGTERM",
            Limits.From(options) is not null,
            Limits.From(options)?.Memory?.Limit,
            AutoRemove: options.Detach && options.Remove);
        var health = options.Detach ? HealthcheckPlan.From(image.Config.Config) : null;
        if (options.Name is { } name)
        {
            ContainerNames.Check(name);
        }

        _containers.Create(state);
        bool keepRootfs = false;
        ImageRootfs? rootfs = null;
        try
        {
            rootfs = await ImageRootfs.PrepareAsync(store, image, _containers.RootfsOf(id), ct).ConfigureAwait(false);
            var spec = ContainerSpec.Create(image.Config, options, id, rootfs.MergedPath, rootfs.MergedPath, _containers.FilesOf(id), ContainerCgroups.PathFor(id), Environment.GetEnvironmentVariable);
            var bundle = _containers.BundleOf(id);
            Directory.CreateDirectory(bundle);
            await File.WriteAllTextAsync(Path.Combine(bundle, "config.json"), RuntimeSpecFactory.ToJson(spec), ct).ConfigureAwait(false);
            if (options.Detach)
            {
                if (health is not null)
                {
                    // The check runs as the container's process does, only with its own command and no terminal.
                    var check = spec.Process with { Args = health.Args, Terminal = false };
                    await File.WriteAllTextAsync(Path.Combine(_containers.DirectoryOf(id), "healthcheck.json"), JsonSerializer.Serialize(check, RunnerJson.Default.ProcessSpec), ct).ConfigureAwait(false);
                }

                await DetachedLauncher.StartAsync(bundle, _containers.DirectoryOf(id), options.Remove, health, ct).ConfigureAwait(false);
                keepRootfs = true;
                return new RunOutcome(id, 0, false);
            }

            var exitCode = await AttachedLauncher.RunAsync(["run", bundle], options.Interactive, options.Tty, streams, pid => _containers.RecordPid(id, pid), ct).ConfigureAwait(false);
            _containers.RecordExit(id, exitCode);
            var settled = _containers.Settle(_containers.TryInfo(id)!);
            return new RunOutcome(id, exitCode, settled.OomKilled);
        }
        catch (Exception) when (!keepRootfs && options.Detach)
        {
            // A detached container that never started is not worth a record.
            rootfs?.Dispose();
            _containers.Delete(id);
            throw;
        }
        finally
        {
            if (!keepRootfs)
            {
                rootfs?.Dispose();
            }

            if (options.Remove && !options.Detach && Directory.Exists(_containers.DirectoryOf(id)))
            {
                _containers.Delete(id);
            }
            else if (!options.Detach && _containers.TryInfo(id) is { Phase: not ContainerPhase.Exited })
            {
                // Set-up failed before the container ran: record it as never started (docker's 125/127 are the helper's).
                _containers.RecordExit(id, 125);
            }
        }
    }
}
