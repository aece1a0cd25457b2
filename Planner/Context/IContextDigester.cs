using System.Collections.Immutable;
using Builder.Cache.Oci;

namespace Builder.Planner.Context;

/// <summary>
/// What a COPY/ADD reads from the build context: its source patterns (expanded, as written after
/// the instruction), its <c>--exclude</c> patterns, the <c>.dockerignore</c> patterns, and
/// whether <c>--parents</c> keeps the source paths.
/// </summary>
public sealed record ContextSelection(
    ImmutableArray<string> Sources,
    ImmutableArray<string> Excludes,
    ImmutableArray<string> IgnorePatterns,
    bool Parents);

/// <summary>
/// Supplied by the caller: the digest of the selected files' content, mode and ownership (never
/// mtimes). Keeps the planner pure: it never reads the context itself.
/// </summary>
public interface IContextDigester
{
    Digest DigestOf(ContextSelection selection);
}
