using System.Collections.Immutable;
using System.Globalization;
using Builder.Executor;
using Builder.Parser.Diagnostics;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Builder.MSBuild;

/// <summary>
/// The <c>BuildImage</c> task: MSBuild properties and items → <see cref="ImageRequest"/> → one
/// <see cref="ImageBuildRunner"/> call → the log (Dockerfile diagnostics at their line and column)
/// and the outputs. Public because MSBuild instantiates it; everything it uses is internal.
/// </summary>
public sealed class BuildImage : Microsoft.Build.Utilities.Task, ICancelableTask
{
    private readonly CancellationTokenSource _cancel = new();

    /// <summary>The build context: the Dockerfile's context, or the publish folder without a Dockerfile.</summary>
    [Required]
    public string ContextDirectory { get; set; } = string.Empty;

    /// <summary>Dockerfile mode when set.</summary>
    public string? Dockerfile { get; set; }

    public string? Target { get; set; }

    /// <summary>Items: Include = name, Value = value (<c>BuilderBuildArg</c>).</summary>
    public ITaskItem[] BuildArgs { get; set; } = [];

    /// <summary>Full references <c>repository:tag</c>.</summary>
    public string[] Tags { get; set; } = [];

    public string? StoreRoot { get; set; }

    public string? ArchiveOutputPath { get; set; }

    public string? BaseImage { get; set; }

    /// <summary><c>none</c> (default), <c>gzip</c> or <c>zstd</c>: how new layers are stored.</summary>
    public string? Compression { get; set; }

    public string? WorkingDirectory { get; set; }

    public string[] AppCommand { get; set; } = [];

    public string[] AppCommandArgs { get; set; } = [];

    public string[] DefaultArgs { get; set; } = [];

    public string? AssemblyName { get; set; }

    public bool SelfContained { get; set; }

    /// <summary>Items: Include = name, Value = value (<c>ContainerEnvironmentVariable</c>).</summary>
    public ITaskItem[] EnvironmentVariables { get; set; } = [];

    /// <summary>Items: Include = port number, Type = tcp|udp (<c>ContainerPort</c>).</summary>
    public ITaskItem[] Ports { get; set; } = [];

    /// <summary>Items: Include = key, Value = value (<c>ContainerLabel</c>).</summary>
    public ITaskItem[] Labels { get; set; } = [];

    public string? User { get; set; }

    /// <summary>Push every tag after the build (<c>ContainerRegistry</c> set: the tags name that registry).</summary>
    public bool Push { get; set; }

    /// <summary>Registries (host[:port]) reached over plain http, as <c>--insecure-registry</c>; loopback hosts always are.</summary>
    public string[] InsecureRegistries { get; set; } = [];

    /// <summary>The credentials file, as <c>--authfile</c>: the only one read. Unset: builder's, then Docker's.</summary>
    public string? AuthFile { get; set; }

    /// <summary>The manifest digest (<c>GeneratedContainerDigest</c>).</summary>
    [Output]
    public string? ManifestDigest { get; private set; }

    /// <summary>The image id: the config digest (<c>GeneratedContainerConfigurationDigest</c>).</summary>
    [Output]
    public string? ImageId { get; private set; }

    [Output]
    public string[] GeneratedTags { get; private set; } = [];

    public void Cancel() => _cancel.Cancel();

    public override bool Execute()
    {
        ImageRequest request;
        try
        {
            request = ToRequest();
        }
        catch (ImageRequestException e)
        {
            Log.LogError(null, e.Code, null, null, 0, 0, 0, 0, e.Message);
            return false;
        }

        ImageOutcome outcome;
        try
        {
            outcome = ImageBuildRunner.RunAsync(request, _cancel.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
        {
            Log.LogError(null, "BLDMSB006", null, null, 0, 0, 0, 0, "The image build was cancelled; the store is as it was.");
            return false;
        }

        if (outcome.PulledBase is { } pulled)
        {
            Log.LogMessage(MessageImportance.High, "Pulled the base image {0} ({1})", pulled.Reference.ToFamiliarString(), pulled.Descriptor.Digest);
        }

        Log.LogMessage(MessageImportance.Low, "{0}", outcome.Progress);
        foreach (var located in outcome.Diagnostics)
        {
            LogDiagnostic(located);
        }

        if (outcome.Error is { } error)
        {
            Log.LogError(null, error.Code, null, null, 0, 0, 0, 0, error.Message);
        }

        if (outcome.Image is { } image && !Log.HasLoggedErrors)
        {
            ManifestDigest = image.ManifestDescriptor.Digest.ToString();
            ImageId = image.Id.ToString();
            GeneratedTags = [.. outcome.Tags];
            Log.LogMessage(MessageImportance.High, "Built image {0} ({1}){2}", string.Join(", ", outcome.Tags), ManifestDigest, ArchiveOutputPath is null ? string.Empty : $", archive {ArchiveOutputPath}");
        }

        // Also after a failed push: the tags that did reach the registry.
        foreach (var pushed in outcome.Pushed)
        {
            Log.LogMessage(MessageImportance.High, "Pushed {0} ({1})", pushed.Reference.ToFamiliarString(), pushed.Descriptor.Digest);
        }

        return !Log.HasLoggedErrors;
    }

    private void LogDiagnostic(BuildDiagnostic located)
    {
        var d = located.Diagnostic;
        var span = located.Source.GetLinePositionSpan(d.Span);
        var (line, col, endLine, endCol) = (span.Start.Line, span.Start.Column, span.End.Line, span.End.Column);
        switch (d.Severity)
        {
            case DiagnosticSeverity.Error:
                Log.LogError(null, d.Id, null, d.HelpLink, located.Source.Path, line, col, endLine, endCol, d.Message);
                break;
            case DiagnosticSeverity.Warning:
                Log.LogWarning(null, d.Id, null, d.HelpLink, located.Source.Path, line, col, endLine, endCol, d.Message);
                break;
            default:
                Log.LogMessage(null, d.Id, null, located.Source.Path, line, col, endLine, endCol, MessageImportance.Normal, d.Message);
                break;
        }
    }

    private ImageRequest ToRequest() => new(ContextDirectory, string.IsNullOrEmpty(Dockerfile) ? null : Dockerfile)
    {
        Tags = [.. Tags],
        BuildArgs = Dictionary(BuildArgs),
        Labels = Dictionary(Labels),
        Target = string.IsNullOrEmpty(Target) ? null : Target,
        StoreRoot = string.IsNullOrEmpty(StoreRoot) ? null : StoreRoot,
        ArchiveOutputPath = string.IsNullOrEmpty(ArchiveOutputPath) ? null : ArchiveOutputPath,
        Compression = LayerCompression(),
        Registry = Registry(),
        Push = Push,
        Container = new ContainerSettings
        {
            BaseImage = BaseImage,
            WorkingDirectory = string.IsNullOrEmpty(WorkingDirectory) ? "/app" : WorkingDirectory,
            AppCommand = [.. AppCommand],
            AppCommandArgs = [.. AppCommandArgs],
            DefaultArgs = [.. DefaultArgs],
            AssemblyName = AssemblyName,
            SelfContained = SelfContained,
            Environment = Pairs(EnvironmentVariables),
            Ports = [.. Ports.Select(Port)],
            User = string.IsNullOrEmpty(User) ? null : User,
        },
    };

    // As the CLI's --insecure-registry and --authfile: an explicit file is the only one read.
    private Builder.Cache.Registry.RegistryOptions Registry()
    {
        var options = new Builder.Cache.Registry.RegistryOptions { InsecureRegistries = [.. InsecureRegistries.Select(r => r.Trim()).Where(r => r.Length > 0)] };
        return string.IsNullOrEmpty(AuthFile) ? options : options with { AuthFiles = [new Builder.Cache.Registry.AuthFile(AuthFile)] };
    }

    private Builder.Cache.Oci.LayerCompression LayerCompression() => Compression?.ToLowerInvariant() switch
    {
        null or "" or "none" => Builder.Cache.Oci.LayerCompression.None,
        "gzip" => Builder.Cache.Oci.LayerCompression.Gzip,
        "zstd" => Builder.Cache.Oci.LayerCompression.Zstd,
        _ => throw new ImageRequestException("BLDMSB005", $"BuilderCompression \"{Compression}\" is not none, gzip or zstd."),
    };

    private static ImmutableArray<KeyValuePair<string, string>> Pairs(ITaskItem[] items) =>
        [.. items.Select(i => KeyValuePair.Create(i.ItemSpec, i.GetMetadata("Value")))];

    // A repeated name keeps its last value, as a repeated --build-arg does.
    private static ImmutableDictionary<string, string> Dictionary(ITaskItem[] items) =>
        Pairs(items).GroupBy(p => p.Key, StringComparer.Ordinal).ToImmutableDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);

    private static ContainerPort Port(ITaskItem item)
    {
        var type = item.GetMetadata("Type");
        var protocol = string.IsNullOrEmpty(type) ? "tcp" : type.ToLowerInvariant();
        if (!int.TryParse(item.ItemSpec, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535 || protocol is not ("tcp" or "udp"))
        {
            throw new ImageRequestException("BLDMSB005", $"ContainerPort \"{item.ItemSpec}\" (Type \"{type}\") is not a port: give a number from 1 to 65535 and Type tcp or udp.");
        }

        return new ContainerPort(number, protocol);
    }
}
