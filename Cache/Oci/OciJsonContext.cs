using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Builder.Cache.Images.Archive;
using Builder.Cache.Registry;

namespace Builder.Cache.Oci;

/// <summary>
/// Source-generated metadata for every document <see cref="OciJson"/> reads or writes in this
/// assembly. Bound to <see cref="OciJson.NewOptions"/>, so the output is byte-for-byte what the
/// options say (digests depend on it).
/// </summary>
[JsonSerializable(typeof(ImageIndex))]
[JsonSerializable(typeof(Manifest))]
[JsonSerializable(typeof(ImageConfig))]
[JsonSerializable(typeof(Descriptor))]
[JsonSerializable(typeof(ImmutableArray<DockerArchiveManifest>))]
[JsonSerializable(typeof(ManifestMediaTypeProbe))]
internal sealed partial class OciJsonContext : JsonSerializerContext;
