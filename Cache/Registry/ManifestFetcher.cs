using System.Net;
using System.Net.Http.Headers;
using Builder.Cache.Content;
using Builder.Cache.Oci;

namespace Builder.Cache.Registry;

/// <summary>Fetches manifests and blobs from a repository into a content store, verifying each against its digest.</summary>
internal sealed class ManifestFetcher(RegistryClient client, string repository, ContentStore content)
{
    private const int MaxManifestBytes = 4 << 20;

    /// <summary>The blobs this fetcher added to the store (not those it found there).</summary>
    public System.Collections.Concurrent.ConcurrentBag<Digest> Created { get; } = [];

    /// <summary>GETs a manifest or index by tag or digest and stores it; returns its descriptor (media type from the registry).</summary>
    public async Task<Descriptor> FetchManifestAsync(string reference, Digest? expected, string display, CancellationToken cancellationToken)
    {
        using var response = await client.SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, client.Resolve(RegistryPaths.Manifest(repository, reference)));
            foreach (var type in RegistryPaths.ManifestTypes)
            {
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
            }

            return request;
        }, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            var error = await client.ErrorAsync(response, $"pulling {display}", cancellationToken).ConfigureAwait(false);
            throw new StoreException($"{error.Message}; {display} is not in the registry: check the tag (and the repository name).");
        }

        if (!response.IsSuccessStatusCode)
        {
            throw await client.ErrorAsync(response, $"pulling {display}", cancellationToken).ConfigureAwait(false);
        }

        if (response.Content.Headers.ContentLength > MaxManifestBytes)
        {
            throw new StoreException($"the manifest of {display} is {response.Content.Headers.ContentLength} bytes, more than the {MaxManifestBytes} a manifest may be.");
        }

        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var digest = Digest.Compute(bytes);
        if (expected is { } want && want != digest)
        {
            throw new StoreException($"the registry sent a manifest for {display} that hashes to {digest}, not {want}; the registry or a proxy changed it.");
        }

        var mediaType = response.Content.Headers.ContentType?.MediaType ?? MediaTypeOf(bytes);
        if (!MediaTypes.IsManifest(mediaType) && !MediaTypes.IsIndex(mediaType))
        {
            mediaType = MediaTypeOf(bytes);
        }

        if (!MediaTypes.IsManifest(mediaType) && !MediaTypes.IsIndex(mediaType))
        {
            throw new StoreException($"{display} has media type {mediaType}; builder pulls OCI and Docker schema 2 images (manifests and indexes) only.");
        }

        if (!content.Exists(digest))
        {
            Created.Add(digest);
        }

        return content.Write(bytes, mediaType);
    }

    /// <summary>GETs a blob unless the store has it, streaming it through the store's verifying writer.</summary>
    public async Task<bool> FetchBlobAsync(Descriptor descriptor, CancellationToken cancellationToken)
    {
        if (content.Exists(descriptor.Digest))
        {
            return false;
        }

        using var response = await client.SendAsync(
            () => new HttpRequestMessage(HttpMethod.Get, client.Resolve(RegistryPaths.Blob(repository, descriptor.Digest))),
            cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await client.ErrorAsync(response, $"pulling blob {descriptor.Digest} of {client.Registry}/{repository}", cancellationToken).ConfigureAwait(false);
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var writer = content.BeginWrite();
        await body.CopyToAsync(writer, 1 << 20, cancellationToken).ConfigureAwait(false);
        if (writer.Length != descriptor.Size)
        {
            throw new StoreException($"blob {descriptor.Digest} from {client.Registry}/{repository} is {writer.Length} bytes, but its manifest says {descriptor.Size}; the download was cut short or the registry is corrupted. Pull again.");
        }

        writer.Commit(descriptor.MediaType, descriptor.Digest);
        Created.Add(descriptor.Digest);
        return true;
    }

    private static string MediaTypeOf(byte[] json)
    {
        try
        {
            var probe = OciJson.Deserialize<ManifestMediaTypeProbe>(json);
            return probe.MediaType ?? (probe.Manifests is not null ? MediaTypes.OciIndex : MediaTypes.OciManifest);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new StoreException($"the registry sent a manifest that is not JSON ({e.Message}).", e);
        }
    }
}
