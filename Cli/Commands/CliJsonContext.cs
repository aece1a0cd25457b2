using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Builder.Cache.Images.Views;

namespace Builder.Cli.Commands;

/// <summary>Source-generated metadata for what the CLI prints as JSON (it is compiled ahead of time: no reflection-based serialization).</summary>
[JsonSerializable(typeof(ImmutableArray<ImageInspection>))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
