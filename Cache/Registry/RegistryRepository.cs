using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Net;
using System.Net.Http.Headers;
using Builder.Cache.Content;
using Builder.Cache.Oci;

namespace Builder.Cache.Registry;

/// <summary>A blob to push, the store it is read from, and a repository of the same registry to mount it from (or null).</summary>
public sealed record BlobToPush(Descriptor Blob, ContentStore From, string? MountFrom = null);

/// <summary>
/// One repository of a registry with the client's auth, retries and verification: what
/// <see cref="ImagePusher"/> sends images through, and the way in for documents that are not
/// images (the registry build cache, <c>--cache-to type=registry</c>): a manifest by tag and the
/// blobs it names, fetched into or pushed from content stores.
/// </summary>
public sealed class RegistryRepository : IDisposable
{
    private readonly RegistryClient _client;
    private readonly RegistryOptions _options;
    private readonly BlobUploader _uploader;

    private RegistryRepository(ImageReference reference, IEnumerable<string> extraScopes, bool push, RegistryOptions options)
    {
        Reference = reference;
        _options = options;
        var scopes = extraScopes.Prepend($"repository:{reference.Repository}:{(push ? "pull,push" : "pull")}").ToList();
        _client = new RegistryClient(reference.Registry, scopes, options);
        _uploader = new BlobUploader(_client, reference.Repository, options.ChunkSize);
    }

    /// <summary>The repository (and the tag or digest its manifest is fetched by or pushed under).</summary>
    public ImageReference Reference { get; }

    /// <summary>Opens <paramref name="reference"/>'s repository for reading.</summary>
    public static RegistryRepository ForPull(ImageReference reference, RegistryOptions options) => new(reference, [], push: false, options);

    /// <summary>Opens it for pushing; <paramref name="mountSources"/> are the other repositories blobs may be mounted from (they need pull rights too).</summary>
    public static RegistryRepository ForPush(ImageReference reference, RegistryOptions options, IEnumerable<string>? mountSources = null) =>
        new(reference, (mountSources ?? []).Distinct().Select(r => $"repository:{r}:pull"), push: true, options);

    /// <summary>
    /// The manifest (or index) the reference names, verified (against the digest when the
    /// reference has one) and written into <paramref name="into"/>; null when the registry has
    /// no such tag or repository. Any other failure (auth, network) throws with what to do.
    /// </summary>
    public Task<Descriptor?> TryFetchManifestAsync(ContentStore into, CancellationToken cancellationToken) =>
        new ManifestFetcher(_client, Reference.Repository, into)
            .TryFetchManifestAsync(Reference.Digest?.ToString() ?? Reference.Tag!, Reference.Digest, Reference.ToFamiliarString(), cancellationToken);

    /// <summary>Fetches a blob into <paramref name="into"/> unless it is there, checked against its digest and size; true when it came over the network.</summary>
    public Task<bool> FetchBlobAsync(Descriptor blob, ContentStore into, CancellationToken cancellationToken) =>
        new ManifestFetcher(_client, Reference.Repository, into).FetchBlobAsync(blob, cancellationToken);

    /// <summary>Pushes the blobs, <see cref="RegistryOptions.Parallelism"/> at a time, each skipped when the registry has it; returns what happened to each.</summary>
    public async Task<ImmutableDictionary<Digest, BlobPushOutcome>> PushBlobsAsync(IEnumerable<BlobToPush> blobs, CancellationToken cancellationToken)
    {
        var outcomes = new ConcurrentDictionary<Digest, BlobPushOutcome>();
        var distinct = blobs.DistinctBy(b => b.Blob.Digest).ToList();
        await Parallel.ForEachAsync(distinct, new ParallelOptions { MaxDegreeOfParallelism = _options.Parallelism, CancellationToken = cancellationToken }, async (blob, ct) =>
        {
            outcomes[blob.Blob.Digest] = await _uploader.PushAsync(blob.Blob, blob.From, blob.MountFrom, ct).ConfigureAwait(false);
        }).ConfigureAwait(false);
        return outcomes.ToImmutableDictionary();
    }

    /// <summary>PUTs a manifest (or index) under <paramref name="tagOrDigest"/>; every blob it names must be in the repository already.</summary>
    public async Task PushManifestAsync(ReadOnlyMemory<byte> manifest, Descriptor descriptor, string tagOrDigest, CancellationToken cancellationToken)
    {
        using var response = await _client.SendAsync(() =>
        {
            var body = new ReadOnlyMemoryContent(manifest);
            body.Headers.ContentType = new MediaTypeHeaderValue(descriptor.MediaType);
            return new HttpRequestMessage(HttpMethod.Put, _client.Resolve(RegistryPaths.Manifest(Reference.Repository, tagOrDigest))) { Content = body };
        }, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw await _client.ErrorAsync(response, $"pushing the manifest {descriptor.Digest} to {Reference.Registry}/{Reference.Repository}:{tagOrDigest}", cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => _client.Dispose();
}
