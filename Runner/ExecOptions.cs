using System.Collections.Immutable;

namespace Builder.Runner;

/// <summary>
/// <c>builder exec</c>'s options: a command run in a running container, with the container's
/// environment, user, working directory, capabilities and limits unless changed here.
/// </summary>
public sealed record ExecOptions(ImmutableArray<string> Command)
{
    /// <summary><c>-e KEY=VALUE</c>, or <c>-e KEY</c> to pass the host's value: added to the container's environment.</summary>
    public ImmutableArray<string> Env { get; init; } = [];

    /// <summary><c>-w DIR</c>: an absolute directory that exists in the container (default: the container's).</summary>
    public string? WorkingDir { get; init; }

    /// <summary><c>-u user[:group]</c>, names from the container's /etc/passwd and /etc/group, or numbers (default: the container's).</summary>
    public string? User { get; init; }

    /// <summary><c>-i</c>: the command reads the CLI's stdin; otherwise its stdin is at end of file.</summary>
    public bool Interactive { get; init; }

    /// <summary><c>-t</c>: the command's stdio is a new terminal of the container's.</summary>
    public bool Tty { get; init; }
}
