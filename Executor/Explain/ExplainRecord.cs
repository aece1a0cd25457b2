using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Builder.Cache.Oci;
using Builder.Planner.Keys;

namespace Builder.Executor.Explain;

/// <summary>
/// What <c>--explain</c> compares against: the named steps of the last successful build of one
/// Dockerfile and target, each with its key, the fields the key was written from, and (for a
/// context COPY/ADD) one line per selected file, so a changed key can be traced to the file.
/// </summary>
public sealed record ExplainRecord(
    [property: JsonPropertyName("dockerfile")] string Dockerfile,
    [property: JsonPropertyName("steps")] ImmutableArray<ExplainedStep> Steps);

/// <summary>
/// One step. <see cref="Id"/> is <c>stage:ordinal</c> among the stage's shown steps, stable when
/// metadata instructions are added or removed around it.
/// </summary>
public sealed record ExplainedStep(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("key")] Digest Key,
    [property: JsonPropertyName("inputs")] ImmutableArray<KeyInput> Inputs,
    [property: JsonPropertyName("files")] ImmutableArray<ContextFileLine>? Files);

/// <summary>A selected context entry: its path as the COPY sees it and its digest line (content, mode, owner).</summary>
public sealed record ContextFileLine(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("fingerprint")] string Fingerprint);
