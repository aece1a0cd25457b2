using System.Collections.Immutable;
using Builder.Parser.Ignore;

namespace Builder.Parser.Lint;

/// <summary>What a lint run needs besides the Dockerfile.</summary>
public sealed record LintOptions
{
    public static LintOptions Default { get; } = new();

    /// <summary>
    /// <c>--build-arg</c> values. <c>BUILDKIT_DOCKERFILE_CHECK</c> replaces the file's <c># check=</c>
    /// directive; the others do not change what the checks see (BuildKit checks defaults, not overrides).
    /// </summary>
    public ImmutableDictionary<string, string> BuildArgs { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>The build context's <c>.dockerignore</c>, for CopyIgnoredFile; null when there is none.</summary>
    public IgnoreFile? DockerIgnore { get; init; }

    /// <summary>
    /// Rules to run although they are off by default (names or ids; <c>all</c> runs every rule).
    /// Hosts that filter by severity themselves (the Roslyn analyzer) pass <c>all</c>.
    /// </summary>
    public ImmutableHashSet<string> Enable { get; init; } = ImmutableHashSet<string>.Empty.WithComparer(StringComparer.OrdinalIgnoreCase);

    internal bool Enables(LintRule rule) =>
        Enable.Contains("all") || Enable.Contains(rule.Name) || Enable.Contains(rule.Id);
}
