using System.Collections.Immutable;
using Builder.Cache.Oci;
using Builder.Parser.Diagnostics;

namespace Builder.Planner.Model;

/// <summary>
/// A planned stage: <see cref="Root"/> is its last filesystem step (what <c>COPY --from</c> and
/// <c>FROM stage</c> read), <see cref="Steps"/> every step it added in order (base first, config
/// steps included), and <see cref="Config"/> the image config after it: the base config without
/// <c>created</c>, every metadata instruction applied, one history entry per instruction that
/// writes one (<c>rootfs</c> is the base image's; the executor appends layers).
/// </summary>
public sealed record StagePlan(int Index, string? Name, BuildStep Root, ImmutableArray<BuildStep> Steps, ImageConfig Config);

/// <summary>
/// The build graph: every distinct step (by key) of the stages reachable from the target, in a
/// topological order (inputs before the steps that read them), the planned stages, the target.
/// </summary>
public sealed record BuildPlan(
    ImmutableArray<BuildStep> Steps,
    ImmutableArray<StagePlan> Stages,
    StagePlan? Target,
    ImmutableArray<Diagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}
