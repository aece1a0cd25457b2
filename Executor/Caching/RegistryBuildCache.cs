using System.Collections.Immutable;
using Builder.Cache;
using Builder.Cache.Content;
using Builder.Cache.Oci;
using Builder.Cache.Registry;

namespace Builder.Executor.Caching;

/// <summary>
/// <c>--cache-from type=registry,ref=REF</c>: the cache manifest and config are fetched (and
/// verified) when the build starts; a layer only when its step hits, straight into the build's
/// staging store through the verifying blob writer, so a step reported CACHED has its layer before
/// anything reads it. <see cref="ExportAsync"/> is <c>--cache-to type=registry</c>. Layout:
/// <see cref="RegistryCacheLayout"/>.
/// </summary>
internal sealed class RegistryBuildCache : IBuildCacheSource, IDisposable
{
    private readonly RegistryRepository _repository;
    private readonly ImmutableDictionary<Digest, StepRecord> _records;

    private RegistryBuildCache(RegistryRepository repository, ImmutableDictionary<Digest, StepRecord> records)
    {
        _repository = repository;
        _records = records;
    }

    public int Count => _records.Count;

    /// <summary>
    /// Fetches the cache manifest and config of <paramref name="reference"/> into
    /// <paramref name="scratch"/>; null with a warning when the registry has no such tag, or what
    /// it has is not a builder cache (BuildKit goes on without such a cache too). An unreachable
    /// registry or refused credentials throw, with what to do.
    /// </summary>
    public static async Task<(RegistryBuildCache? Cache, string? Warning)> OpenAsync(ImageReference reference, RegistryOptions options, ContentStore scratch, CancellationToken ct)
    {
        var display = reference.ToFamiliarString();
        var repository = RegistryRepository.ForPull(reference, options);
        try
        {
            if (await repository.TryFetchManifestAsync(scratch, ct).ConfigureAwait(false) is not { } top)
            {
                repository.Dispose();
                return (null, $"the build cache {display} is not in the registry (no such tag or repository); building without it. The next --cache-to type=registry,ref={display} writes it.");
            }

            string? why = $"it is a {top.MediaType}";
            if (!MediaTypes.IsManifest(top.MediaType) || RegistryCacheLayout.ReadManifest(scratch.ReadAllBytes(top.Digest), out why) is not { } manifest)
            {
                repository.Dispose();
                return (null, $"{display} is not a builder build cache ({why}); building without it.");
            }

            await repository.FetchBlobAsync(manifest.Config, scratch, ct).ConfigureAwait(false);
            var records = RegistryCacheLayout.ReadConfig(scratch.ReadAllBytes(manifest.Config.Digest), manifest, display);
            return (new RegistryBuildCache(repository, records), null);
        }
        catch
        {
            repository.Dispose();
            throw;
        }
    }

    public StepRecord? Find(Digest key) => _records.GetValueOrDefault(key);

    public async Task ImportLayerAsync(StepRecord record, ContentStore into, CancellationToken ct)
    {
        if (record.Layer is { } layer)
        {
            await _repository.FetchBlobAsync(layer, into, ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Pushes the export: its layers (read from <paramref name="from"/>; those the registry has are
    /// skipped), the config (written to <paramref name="scratch"/> first), then the manifest under
    /// the reference's tag. Returns the manifest's digest.
    /// </summary>
    public static async Task<Digest> ExportAsync(BuildCacheExport export, ImageReference reference, RegistryOptions options, ContentStore from, ContentStore scratch, CancellationToken ct)
    {
        var config = scratch.Write(RegistryCacheLayout.Config(export), RegistryCacheLayout.ConfigMediaType);
        var manifest = RegistryCacheLayout.Manifest(config, export);
        var descriptor = new Descriptor(MediaTypes.OciManifest, Digest.Compute(manifest), manifest.Length);
        using var repository = RegistryRepository.ForPush(reference, options);
        await repository.PushBlobsAsync(export.Layers.Select(l => new BlobToPush(l, from)).Append(new BlobToPush(config, scratch)), ct).ConfigureAwait(false);
        await repository.PushManifestAsync(manifest, descriptor, reference.Tag ?? reference.Digest?.ToString() ?? ImageReference.DefaultTag, ct).ConfigureAwait(false);
        return descriptor.Digest;
    }

    public void Dispose() => _repository.Dispose();
}
