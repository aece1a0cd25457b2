using System.Collections.Immutable;
using Builder.Cache.Oci;

namespace Builder.Planner.Images;

/// <summary>A base image as the planner needs it: its config, layers and manifest digest.</summary>
public sealed record BaseImage(string Reference, Digest ManifestDigest, ImageConfig Config, ImmutableArray<Descriptor> Layers);

/// <summary>Finds <c>FROM</c> images (and <c>COPY --from=IMAGE</c>) for the planner; no I/O beyond a local lookup.</summary>
public interface IBaseImageResolver
{
    /// <summary>The image <paramref name="reference"/> names for <paramref name="platform"/>, or null with a reason.</summary>
    BaseImage? Resolve(string reference, Platform platform, out string? error);
}
