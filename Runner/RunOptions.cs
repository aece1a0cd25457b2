using System.Collections.Immutable;

namespace Builder.Runner;

/// <summary>The network a container gets.</summary>
public enum RunNetwork
{
    /// <summary>The host's network namespace, as BuildKit runs RUN steps without CNI: no bridge, no port mapping needed.</summary>
    Host,

    /// <summary>A network namespace of its own with only <c>lo</c>.</summary>
    None,
}

/// <summary>
/// <c>builder run</c>'s options: what to run and how it differs from the image's config. Texts are
/// kept as the user typed them (<c>--memory 512m</c>, <c>-v /a:/b:ro</c>); <see cref="Spec.ContainerSpec"/>
/// checks and converts them, so every host reports the same errors.
/// </summary>
public sealed record RunOptions(string Image)
{
    /// <summary>CMD... after the image: replaces the image's Cmd.</summary>
    public ImmutableArray<string> Command { get; init; } = [];

    /// <summary><c>--entrypoint</c>: replaces the image's Entrypoint and drops its Cmd; "" clears both.</summary>
    public string? Entrypoint { get; init; }

    /// <summary><c>-e KEY=VALUE</c>, or <c>-e KEY</c> to pass the host's value (left out when the host has none).</summary>
    public ImmutableArray<string> Env { get; init; } = [];

    /// <summary><c>--env-file FILE</c>: one KEY=VALUE (or KEY) a line; # comments and blank lines ignored. Read before <see cref="Env"/>.</summary>
    public ImmutableArray<string> EnvFiles { get; init; } = [];

    /// <summary><c>-v HOST:CONTAINER[:ro|rw]</c>: bind mounts; HOST must be absolute and is created when missing, as docker does.</summary>
    public ImmutableArray<string> Volumes { get; init; } = [];

    public string? WorkingDir { get; init; }

    /// <summary><c>-u user[:group]</c>, names from the image's /etc/passwd and /etc/group, or numbers.</summary>
    public string? User { get; init; }

    public RunNetwork Network { get; init; } = RunNetwork.Host;

    /// <summary>The container's hostname; default: the first 12 digits of its id, as docker.</summary>
    public string? Hostname { get; init; }

    /// <summary><c>--memory</c>: bytes, or a number with b, k, m or g (docker's units, powers of 1024). No swap beyond it.</summary>
    public string? Memory { get; init; }

    /// <summary><c>--cpus</c>: how many CPUs' worth of time, e.g. 0.5.</summary>
    public string? Cpus { get; init; }

    /// <summary><c>--pids-limit</c>: the most processes and threads at once; 0 or less: no limit.</summary>
    public long? PidsLimit { get; init; }

    public bool ReadOnly { get; init; }

    /// <summary><c>-i</c>: the container reads the CLI's stdin; otherwise its stdin is /dev/null.</summary>
    public bool Interactive { get; init; }

    /// <summary><c>-t</c>: the container's stdio is a pty of its own (its controlling terminal), relayed to the CLI's streams.</summary>
    public bool Tty { get; init; }

    /// <summary><c>-d</c>: start, print the id and return; output goes to the container's log.</summary>
    public bool Detach { get; init; }

    /// <summary><c>--rm</c>: remove the container when it exits (with <c>-d</c>, its monitor does).</summary>
    public bool Remove { get; init; }

    public string? Name { get; init; }
}
