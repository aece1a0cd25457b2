using System.Collections.Immutable;
using Builder.Cache.Oci;
using Builder.Executor.Run;
using Builder.Executor.Sandbox;

namespace Builder.Runner.Spec;

/// <summary>
/// An image config and the run options → the OCI runtime config the sandbox (or runc) runs:
/// the OCI image spec's conversion (Entrypoint + Cmd, Env, WorkingDir, User with the groups of
/// the image's /etc/group) with docker's overrides, binds, a read-only root, network and limits.
/// </summary>
internal static class ContainerSpec
{
    /// <param name="rootfs">The container's root file system (to resolve the user and create the working directory); <paramref name="rootPath"/> is what config.json names.</param>
    /// <param name="files">Where the container's /etc/hosts, /etc/resolv.conf and /etc/hostname are written, or null for none (a bundle for runc).</param>
    /// <param name="cgroupsPath">linux.cgroupsPath, relative to the caller's cgroup; null for the sandbox's default.</param>
    public static RuntimeSpec Create(ImageConfig image, RunOptions options, string id, string rootfs, string rootPath, string? files, string? cgroupsPath, Func<string, string?> hostEnv)
    {
        var config = image.Config;
        var args = ProcessArgs.Resolve(config, options);
        var env = EnvironmentList.Merge(config.Env ?? [], options.EnvFiles, options.Env, hostEnv);
        var workingDir = string.IsNullOrEmpty(options.WorkingDir) ? (string.IsNullOrEmpty(config.WorkingDir) ? "/" : config.WorkingDir) : options.WorkingDir;
        if (!workingDir.StartsWith('/'))
        {
            throw new RunnerException($"the working directory \"{workingDir}\" is not an absolute path; give -w a path from /.");
        }

        var user = ResolveUser(rootfs, string.IsNullOrEmpty(options.User) ? config.User : options.User);
        EnsureWorkingDirectory(rootfs, workingDir);
        var hostname = options.Hostname ?? id[..12];
        var mounts = ImmutableArray.CreateBuilder<RuntimeMount>();
        if (files is not null)
        {
            mounts.AddRange(NetworkFiles(files, hostname, options.Network));
        }

        mounts.AddRange(options.Volumes.Select(VolumeSpec.Parse));
        var request = new SandboxRequest(rootPath, args)
        {
            Env = env,
            Cwd = workingDir,
            Uid = user.Uid,
            Gid = user.Gid,
            AdditionalGids = user.AdditionalGids,
            Hostname = hostname,
            HostNetwork = options.Network == RunNetwork.Host,
            ReadonlyRootfs = options.ReadOnly,
            Mounts = mounts.ToImmutable(),
            Resources = Limits.From(options),
        };
        var spec = RuntimeSpecFactory.Create(request);
        if (options.Tty)
        {
            spec = spec with { Process = spec.Process with { Terminal = true } };
        }

        return cgroupsPath is null || request.Resources is null ? spec : spec with { Linux = spec.Linux with { CgroupsPath = cgroupsPath } };
    }

    private static RunUser ResolveUser(string rootfs, string? user)
    {
        try
        {
            return RunUser.Resolve(rootfs, user);
        }
        catch (IOException e)
        {
            throw new RunnerException($"cannot run as user \"{user}\": {FirstSentence(e.Message)} in the image. Use a user the image defines, or numeric -u UID[:GID].", e);
        }
    }

    private static string FirstSentence(string message) => message.Split(". ", 2)[0];

    /// <summary>A missing working directory is created (root-owned, 0755), as docker does.</summary>
    private static void EnsureWorkingDirectory(string rootfs, string workingDir)
    {
        var host = RootfsPath.Resolve(rootfs, workingDir);
        if (File.Exists(host))
        {
            throw new RunnerException($"the working directory {workingDir} is a file in the image; choose a directory with -w.");
        }

        Directory.CreateDirectory(host);
    }

    /// <summary>docker's per-container /etc/hosts, /etc/resolv.conf (the host's, empty without a network) and /etc/hostname, bound read-write.</summary>
    private static IEnumerable<RuntimeMount> NetworkFiles(string folder, string hostname, RunNetwork network)
    {
        Directory.CreateDirectory(folder);
        var hosts = Path.Combine(folder, "hosts");
        File.WriteAllText(hosts, $"127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n127.0.0.1\t{hostname}\n");
        var resolv = Path.Combine(folder, "resolv.conf");
        File.WriteAllText(resolv, network == RunNetwork.None || !File.Exists("/etc/resolv.conf") ? string.Empty : File.ReadAllText("/etc/resolv.conf"));
        var name = Path.Combine(folder, "hostname");
        File.WriteAllText(name, hostname + "\n");
        return
        [
            new RuntimeMount("/etc/hosts", "bind", hosts, ["rbind", "rw"]),
            new RuntimeMount("/etc/resolv.conf", "bind", resolv, ["rbind", "rw"]),
            new RuntimeMount("/etc/hostname", "bind", name, ["rbind", "rw"]),
        ];
    }
}
