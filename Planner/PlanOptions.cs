using System.Collections.Immutable;
using Builder.Cache.Oci;

namespace Builder.Planner;

/// <summary>What to plan: the target stage, <c>--build-arg</c> values, the platform and the context's ignore rules.</summary>
public sealed record PlanOptions
{
    /// <summary>The stage to build (<c>--target</c>); null = the last stage.</summary>
    public string? Target { get; init; }

    public ImmutableDictionary<string, string> BuildArgs { get; init; } = ImmutableDictionary.Create<string, string>(StringComparer.Ordinal);

    /// <summary>Build and target platform (one platform builds here).</summary>
    public Platform Platform { get; init; } = Platform.LinuxAmd64;

    /// <summary><c>--network</c>: the network of RUN steps that do not name one (part of their keys).</summary>
    public Builder.Parser.Instructions.NetworkMode Network { get; init; } = Builder.Parser.Instructions.NetworkMode.Default;

    /// <summary><c>--label</c>: set on the target image's config (after its LABEL instructions).</summary>
    public ImmutableDictionary<string, string> Labels { get; init; } = ImmutableDictionary.Create<string, string>(StringComparer.Ordinal);

    /// <summary>The <c>.dockerignore</c> patterns, as written (<c>!</c> for exclusions), applied to context sources.</summary>
    public ImmutableArray<string> IgnorePatterns { get; init; } = ImmutableArray<string>.Empty;
}
