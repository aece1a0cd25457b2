using System.Collections.Immutable;
using System.Globalization;
using Builder.Cache;
using Builder.Cache.Context;
using Builder.Executor.Context;
using Builder.Executor.Sandbox;
using Builder.Executor.Secrets;
using Builder.Executor.Snapshots;
using Builder.Parser.Instructions;
using Builder.Planner.Model;

namespace Builder.Executor.Run;

/// <summary>
/// A RUN step's <c>--mount</c>s turned into runtime mounts, and everything they hold open (cache
/// leases, source root file systems, secret files, copies) until the step ends:
/// <list type="bullet">
/// <item><c>bind</c>: from the context (read in place when read-only and no <c>.dockerignore</c>
/// applies, else a copy of the selected entries) or from another stage or image (a root file system
/// of its chain that is never committed); read-only unless <c>rw</c>, whose writes are discarded;</item>
/// <item><c>cache</c>: <see cref="CacheMounts"/>; <c>tmpfs</c>: a fresh tmpfs (<c>size</c> in bytes);</item>
/// <item><c>secret</c>: the value written to a private 0700 folder and bound read-only (default
/// target <c>/run/secrets/ID</c>, mode 0400), never logged; a missing secret is an error only when
/// <c>required=true</c> (BuildKit's rule);</item>
/// <item><c>ssh</c> is rejected before the build (StepSupport).</item>
/// </list>
/// </summary>
internal sealed class RunMounts : IAsyncDisposable
{
    private readonly List<IDisposable> _leases = [];
    private readonly List<RootfsSession> _sessions = [];
    private readonly List<string> _temp = [];

    public ImmutableArray<RuntimeMount> Mounts { get; private set; } = [];

    /// <summary><c>type=secret,env=VAR</c>: <c>VAR=value</c> for the process environment only.</summary>
    public ImmutableArray<string> SecretEnv { get; private set; } = [];

    public static async Task<RunMounts> PrepareAsync(RunStep step, RunMountSources sources, MountStubs stubs, CancellationToken ct)
    {
        var result = new RunMounts();
        try
        {
            var mounts = ImmutableArray.CreateBuilder<RuntimeMount>();
            foreach (var planned in step.Mounts)
            {
                if (await result.PrepareAsync(planned, step, sources, stubs, ct).ConfigureAwait(false) is { } mount)
                {
                    mounts.Add(mount);
                }
            }

            result.Mounts = mounts.ToImmutable();
            return result;
        }
        catch
        {
            await result.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task<RuntimeMount?> PrepareAsync(PlannedMount planned, RunStep step, RunMountSources sources, MountStubs stubs, CancellationToken ct)
    {
        var spec = planned.Spec;
        var target = Target(spec, step.WorkingDir);
        switch (spec.Type)
        {
            case MountType.Cache:
            {
                var lease = sources.Caches.Acquire(spec, target, ct);
                _leases.Add(lease);
                stubs.Ensure(target, file: false);
                return Bind(target, lease.Path, readOnly: spec.ReadOnly);
            }

            case MountType.Tmpfs:
            {
                stubs.Ensure(target, file: false);
                var options = ImmutableArray.Create("nosuid", "nodev");
                if (spec.Size is { } size)
                {
                    options = options.Add("size=" + size);
                }

                return new RuntimeMount(target, "tmpfs", "tmpfs", options);
            }

            case MountType.Secret:
                return PrepareSecret(spec, target, sources, stubs);

            case MountType.Bind:
            {
                var source = await BindSourceAsync(planned, sources, ct).ConfigureAwait(false);
                stubs.Ensure(target, file: File.Exists(source));
                return Bind(target, source, readOnly: spec.ReadOnly);
            }

            default:
                throw new NotSupportedException($"RUN --mount=type={spec.Type.ToString().ToLowerInvariant()} is rejected before the build");
        }
    }

    private RuntimeMount? PrepareSecret(MountSpec spec, string target, RunMountSources sources, MountStubs stubs)
    {
        var id = spec.Id ?? Path.GetFileName(target);
        var secret = sources.Secrets.FirstOrDefault(s => s.Id == id);
        var value = secret?.Read();
        if (value is null)
        {
            if (spec.Required)
            {
                throw new IOException(secret is null
                    ? $"secret \"{id}\" is required but was not given: pass --secret id={id},src=FILE (or env=VARIABLE)"
                    : $"secret \"{id}\" is required but its source is missing: {secret}");
            }

            return null;
        }

        if (spec.Env is { } variable)
        {
            SecretEnv = SecretEnv.Add(variable + "=" + System.Text.Encoding.UTF8.GetString(value));
            if (spec.Target is null)
            {
                return null;
            }
        }

        var folder = Path.Combine(sources.Root.Temp, "secret-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        Snapshots.Native.SnapshotLibC.Check(Snapshots.Native.SnapshotLibC.chmod(folder, Convert.ToUInt32("700", 8)), "chmod", folder);
        _temp.Add(folder);
        var file = Path.Combine(folder, "value");
        File.WriteAllBytes(file, value);
        var mode = spec.Mode is { } m ? Convert.ToUInt32(m, 8) : Convert.ToUInt32("400", 8);
        Snapshots.Native.SnapshotLibC.Check(Snapshots.Native.SnapshotLibC.chmod(file, mode & 4095), "chmod", file); // the permission and special bits (07777)
        int uid = spec.Uid is { } u ? int.Parse(u, CultureInfo.InvariantCulture) : 0;
        int gid = spec.Gid is { } g ? int.Parse(g, CultureInfo.InvariantCulture) : 0;
        if (uid != 0 || gid != 0)
        {
            Snapshots.Native.SnapshotLibC.Check(Snapshots.Native.SnapshotLibC.lchown(file, uid, gid), "lchown", file);
        }

        stubs.Ensure(target, file: true);
        return Bind(target, file, readOnly: true);
    }

    private async Task<string> BindSourceAsync(PlannedMount planned, RunMountSources sources, CancellationToken ct)
    {
        var spec = planned.Spec;
        var path = spec.Source ?? "/";
        if (planned.FromStep is { } from)
        {
            var session = await sources.Snapshotter.PrepareAsync(sources.ChainOf(from), ct).ConfigureAwait(false);
            _sessions.Add(session);
            return Existing(RootfsPath.Resolve(session.MergedPath, path), path, spec.From!);
        }

        var context = sources.Context;
        var inPlace = Existing(RootfsPath.Resolve(context.Directory, path), path, "the build context");
        if (spec.ReadOnly && context.IgnorePatterns.IsEmpty)
        {
            return inPlace;
        }

        // A writable bind must not change the context, and an ignored file must not be visible.
        var copy = Path.Combine(sources.Root.Temp, "bind-" + Guid.NewGuid().ToString("N"));
        _temp.Add(copy);
        CopySelection(context, path, copy);
        return copy;
    }

    private static void CopySelection(BuildContext context, string source, string destination)
    {
        var relative = source.Trim('/');
        var matches = context.Resolve(relative.Length == 0 ? "." : relative);
        if (matches.IsEmpty)
        {
            throw new IOException($"\"{source}\" not found in the build context (or excluded by .dockerignore)");
        }

        foreach (var match in matches)
        {
            if (match.Root is { IsDirectory: false } file)
            {
                File.Copy(context.FullPath(file), destination);
                return;
            }

            Directory.CreateDirectory(destination);
            int prefix = match.Root is null ? 0 : match.Root.Path.Length + 1;
            foreach (var entry in match.Below)
            {
                var to = Path.Combine(destination, entry.Path[prefix..]);
                switch (entry.Type)
                {
                    case ContextEntryType.Directory: Directory.CreateDirectory(to); break;
                    case ContextEntryType.File: File.Copy(context.FullPath(entry), to); break;
                    case ContextEntryType.Symlink: File.CreateSymbolicLink(to, entry.LinkTarget!); break;
                }
            }
        }
    }

    private static string Existing(string host, string path, string where) =>
        Path.Exists(host) ? host : throw new IOException($"\"{path}\" not found in {where}");

    private static RuntimeMount Bind(string target, string source, bool readOnly) =>
        new(target, "bind", source, ["rbind", readOnly ? "ro" : "rw"]);

    /// <summary>The absolute target; a relative one is under the working directory (BuildKit).</summary>
    private static string Target(MountSpec spec, string workingDir)
    {
        var target = spec.Target ?? (spec.Type == MountType.Secret ? "/run/secrets/" + spec.Id : throw new IOException("the mount has no target"));
        return target.StartsWith('/') ? target : workingDir.TrimEnd('/') + "/" + target;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var lease in _leases)
        {
            lease.Dispose();
        }

        foreach (var session in _sessions)
        {
            await session.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var folder in _temp.Where(Path.Exists))
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
            else
            {
                File.Delete(folder);
            }
        }

        _leases.Clear();
        _sessions.Clear();
        _temp.Clear();
    }
}

/// <summary>What a RUN's mounts read from: the store, the context, the secrets, the cache folders, the snapshots.</summary>
internal sealed record RunMountSources(
    StoreRoot Root,
    BuildContext Context,
    ImmutableArray<SecretSource> Secrets,
    CacheMounts Caches,
    Snapshotter Snapshotter,
    Func<BuildStep, IReadOnlyList<LayerRef>> ChainOf);
