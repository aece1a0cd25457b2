using System.Collections.Immutable;
using Builder.Cache.Oci;
using Builder.Parser.Instructions;
using Builder.Parser.Text;
using Builder.Planner.Keys;
using Builder.Planner.Context;
using Builder.Planner.Images;

namespace Builder.Planner.Model;

/// <summary>
/// One node of the build graph. <see cref="Key"/> is the cache key (see Planner/README.md);
/// <see cref="Parent"/> is the filesystem state it starts from (null for a base). Spans and
/// <see cref="CreatedBy"/> are for people and never enter the key.
/// </summary>
public abstract record BuildStep(Digest Key, BuildStep? Parent, int StageIndex, TextSpan Span)
{
    /// <summary>The history <c>created_by</c> text, as BuildKit writes it (empty for a base).</summary>
    public string CreatedBy { get; init; } = string.Empty;

    /// <summary>What progress shows for it when its text is not at <see cref="Span"/> (an ONBUILD trigger: <c>ONBUILD RUN …</c>).</summary>
    public string? DisplayText { get; init; }

    /// <summary>The fields its key was written from (for <c>--explain</c>; never compared).</summary>
    public ImmutableArray<KeyInput> KeyInputs { get; init; } = ImmutableArray<KeyInput>.Empty;

    /// <summary>Whether the step changes the filesystem (a layer), else config only.</summary>
    public abstract bool HasLayer { get; }

    /// <summary>Other steps whose results this one reads (COPY --from, RUN --mount=from).</summary>
    public virtual IEnumerable<BuildStep> Inputs => Parent is null ? [] : [Parent];
}

/// <summary><c>FROM scratch</c>: the empty filesystem.</summary>
public sealed record ScratchStep(Digest Key, int StageIndex, TextSpan Span, Platform Platform)
    : BuildStep(Key, null, StageIndex, Span)
{
    public override bool HasLayer => false;
}

/// <summary><c>FROM image</c> (or <c>COPY --from=image</c>): an image of the local store.</summary>
public sealed record ImageStep(Digest Key, int StageIndex, TextSpan Span, BaseImage Image, Platform Platform)
    : BuildStep(Key, null, StageIndex, Span)
{
    public override bool HasLayer => false;
}

/// <summary>
/// A config-only instruction (ENV, LABEL, USER, ARG, ...): no layer. <see cref="BuildStep.Parent"/>
/// is the filesystem step before it; its key also covers the config step before it
/// (<see cref="PreviousConfig"/>), so a config key changes with anything above it, while a
/// filesystem step's key depends only on the values it uses (BuildKit's rule: ENV does not
/// invalidate a later COPY).
/// </summary>
public sealed record ConfigStep(Digest Key, BuildStep Parent, int StageIndex, TextSpan Span, string Instruction, Digest? PreviousConfig)
    : BuildStep(Key, Parent, StageIndex, Span)
{
    public override bool HasLayer => false;
}

/// <summary>WORKDIR other than <c>/</c>: creates the directory (owned by the current USER) if missing.</summary>
public sealed record MkdirStep(Digest Key, BuildStep Parent, int StageIndex, TextSpan Span, string Path, string? User)
    : BuildStep(Key, Parent, StageIndex, Span)
{
    public override bool HasLayer => true;
}

/// <summary>Where a COPY/ADD reads from.</summary>
public abstract record CopySource;

/// <summary>The build context, narrowed to a selection whose digest the caller computed.</summary>
public sealed record ContextCopySource(ContextSelection Selection, Digest ContentDigest) : CopySource;

/// <summary>Another stage's result or an image (<c>--from</c>).</summary>
public sealed record StepCopySource(BuildStep Step, string From) : CopySource;

/// <summary>One here-document file of COPY/ADD.</summary>
public sealed record HeredocFile(string Name, string Content);

/// <summary>COPY or ADD, every value expanded, the destination made absolute against WORKDIR.</summary>
public sealed record CopyStep(
    Digest Key,
    BuildStep Parent,
    int StageIndex,
    TextSpan Span,
    bool IsAdd,
    CopySource Source,
    ImmutableArray<string> Sources,
    ImmutableArray<HeredocFile> Heredocs,
    string Destination,
    string? Chown,
    string? Chmod,
    bool Link,
    bool Parents,
    ImmutableArray<string> Excludes,
    bool? Unpack,
    string? Checksum,
    bool KeepGitDir) : BuildStep(Key, Parent, StageIndex, Span)
{
    public override bool HasLayer => true;

    public override IEnumerable<BuildStep> Inputs =>
        Source is StepCopySource s ? [Parent!, s.Step] : [Parent!];
}

/// <summary>
/// One RUN --mount: the parser's <see cref="MountSpec"/> with every value expanded, and
/// <see cref="FromStep"/> when it mounts another stage or image.
/// </summary>
public sealed record PlannedMount(MountSpec Spec, BuildStep? FromStep);

/// <summary>
/// RUN: the argv (shell form already wrapped in SHELL), the environment the process sees (image
/// ENV and ARGs, in order), the proxy variables (kept out of the key), user, workdir, mounts.
/// </summary>
public sealed record RunStep(
    Digest Key,
    BuildStep Parent,
    int StageIndex,
    TextSpan Span,
    ImmutableArray<string> Args,
    ImmutableArray<string> Env,
    ImmutableArray<string> ProxyEnv,
    string? User,
    string WorkingDir,
    ImmutableArray<PlannedMount> Mounts,
    NetworkMode Network,
    SecurityMode Security) : BuildStep(Key, Parent, StageIndex, Span)
{
    /// <summary>Files mounted read-only at <c>/dev/pipes/</c> (a here-document with a <c>#!</c> line).</summary>
    public ImmutableArray<HeredocFile> InlineFiles { get; init; } = ImmutableArray<HeredocFile>.Empty;

    public override bool HasLayer => true;

    public override IEnumerable<BuildStep> Inputs =>
        new[] { Parent! }.Concat(Mounts.Where(m => m.FromStep is not null).Select(m => m.FromStep!));
}
