using System.Collections.Immutable;

namespace Builder.MSBuild;

/// <summary>A port of <c>ContainerPort</c>: number and protocol (tcp or udp).</summary>
internal sealed record ContainerPort(int Number, string Protocol);

/// <summary>
/// What the <c>BuildImage</c> task asks for, in either mode. Dockerfile mode builds
/// <see cref="DockerfilePath"/> over <see cref="ContextDirectory"/>; Dockerfile-less mode (no
/// Dockerfile) layers <see cref="ContextDirectory"/> (the publish folder) over <see cref="BaseImage"/>.
/// </summary>
internal sealed record ImageRequest(string ContextDirectory, string? DockerfilePath)
{
    public ImmutableArray<string> Tags { get; init; } = [];

    public ImmutableDictionary<string, string> BuildArgs { get; init; } = ImmutableDictionary<string, string>.Empty;

    public string? Target { get; init; }

    public ImmutableDictionary<string, string> Labels { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>The store root; null = <c>BUILDER_ROOT</c> or the user's default store.</summary>
    public string? StoreRoot { get; init; }

    /// <summary>A tar written besides the store (an OCI layout that docker load also reads).</summary>
    public string? ArchiveOutputPath { get; init; }

    /// <summary>How new layers are stored (<c>BuilderCompression</c>): uncompressed by default, as <c>builder build</c>.</summary>
    public Builder.Cache.Oci.LayerCompression Compression { get; init; } = Builder.Cache.Oci.LayerCompression.None;

    public ContainerSettings Container { get; init; } = new();

    /// <summary>
    /// How to reach registries: a <c>ContainerBaseImage</c> (or a Dockerfile's <c>FROM</c>) missing
    /// from the store is pulled, and <see cref="Push"/> sends the tags; the CLI's defaults (loopback
    /// over http, builder's then Docker's credentials file).
    /// </summary>
    public Builder.Cache.Registry.RegistryOptions Registry { get; init; } = new();

    /// <summary><c>ContainerRegistry</c> set: after the build, every tag (a name in that registry) is pushed, as the SDK's PublishContainer.</summary>
    public bool Push { get; init; }

    public bool IsDockerfileMode => DockerfilePath is not null;
}

/// <summary>Dockerfile-less mode: the .NET SDK's container properties, by their SDK names.</summary>
internal sealed record ContainerSettings
{
    /// <summary>
    /// <c>ContainerBaseImage</c>: a store name or id, a registry reference (pulled when the store
    /// lacks it), or <c>oci-archive:FILE</c> / <c>docker-archive:FILE</c>.
    /// </summary>
    public string? BaseImage { get; init; }

    public string WorkingDirectory { get; init; } = "/app";

    /// <summary><c>ContainerAppCommand</c> (or the older <c>ContainerEntrypoint</c>); empty = derived from the assembly.</summary>
    public ImmutableArray<string> AppCommand { get; init; } = [];

    /// <summary><c>ContainerAppCommandArgs</c>: fixed arguments after the command, in the ENTRYPOINT.</summary>
    public ImmutableArray<string> AppCommandArgs { get; init; } = [];

    /// <summary><c>ContainerDefaultArgs</c>: the image's CMD.</summary>
    public ImmutableArray<string> DefaultArgs { get; init; } = [];

    /// <summary>The app's assembly name, for the default command.</summary>
    public string? AssemblyName { get; init; }

    /// <summary>Self-contained (or apphost-only) publish: the default command is the apphost, not <c>dotnet x.dll</c>.</summary>
    public bool SelfContained { get; init; }

    public ImmutableArray<KeyValuePair<string, string>> Environment { get; init; } = [];

    public ImmutableArray<ContainerPort> Ports { get; init; } = [];

    public string? User { get; init; }
}
