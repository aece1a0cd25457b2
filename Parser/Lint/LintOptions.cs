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

    /// <summary>
    /// Options from plain values. Hosts built against the netstandard2.0 assembly (the analyzer) use
    /// this instead of <c>with</c>: init accessors differ between the two target frameworks' builds.
    /// </summary>
    public static LintOptions Create(
        IEnumerable<KeyValuePair<string, string>>? buildArgs = null,
        IgnoreFile? dockerIgnore = null,
        IEnumerable<string>? enable = null) => new()
    {
        BuildArgs = buildArgs is null ? ImmutableDictionary<string, string>.Empty : ImmutableDictionary.CreateRange(StringComparer.Ordinal, buildArgs),
        DockerIgnore = dockerIgnore,
        Enable = enable is null ? Default.Enable : Default.Enable.Union(enable),
    };

    internal bool Enables(LintRule rule) =>
        Enable.Contains("all") || Enable.Contains(rule.Name) || Enable.Contains(rule.Id);
}
