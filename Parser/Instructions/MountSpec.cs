using Builder.Parser.Syntax;

namespace Builder.Parser.Instructions;

public enum MountType
{
    Bind,
    Cache,
    Tmpfs,
    Secret,
    Ssh,
}

public enum CacheSharing
{
    Shared,
    Private,
    Locked,
}

/// <summary>
/// One <c>RUN --mount=...</c>. Values are as written; those containing <c>$</c> are expanded
/// when the build is planned and validated then. Defaults follow BuildKit: bind mounts are
/// read-only, cache mounts are shared and keyed by target, secrets land in <c>/run/secrets/ID</c>.
/// </summary>
public sealed record MountSpec(
    SyntaxToken Flag,
    MountType Type,
    string? Target,
    string? Source,
    string? From,
    bool ReadOnly,
    string? Id,
    CacheSharing Sharing,
    string? Mode,
    string? Uid,
    string? Gid,
    bool Required,
    string? Env,
    string? Size);
