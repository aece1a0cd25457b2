using System.Net;
using System.Net.Http.Headers;
using Builder.Cache.Content;
using Builder.Cache.Oci;

namespace Builder.Cache.Registry;

/// <summary>How one blob reached the registry.</summary>
public enum BlobPushOutcome
{
    /// <summary>The registry already had it (HEAD answered 200).</summary>
    Skipped,

    /// <summary>Mounted from another repository of the same registry.</summary>
    Mounted,

    /// <summary>Sent in one PUT.</summary>
    Uploaded,

    /// <summary>Sent in PATCH chunks, then closed with a PUT.</summary>
    UploadedInChunks,
}

/// <summary>
/// Puts blobs into a repository: HEAD first, then a cross-repository mount when one is offered,
/// else the whole blob streamed in one PUT (the distribution spec's monolithic upload, as
/// containerd pushes), or PATCH chunks when <see cref="RegistryOptions.ChunkSize"/> asks for them.
/// The bytes are read from the store's file as they are, without hashing them again: the
/// registry checks every upload against the <c>?digest=</c> of its closing PUT and refuses a
/// mismatch, which <see cref="FinishAsync"/> reports as a damaged store.
/// </summary>
internal sealed class BlobUploader(RegistryClient client, string repository, long? chunkSize)
{
    public async Task<BlobPushOutcome> PushAsync(Descriptor blob, ContentStore from, string? mountFrom, CancellationToken cancellationToken)
    {
        if (await ExistsAsync(blob.Digest, cancellationToken).ConfigureAwait(false))
        {
            return BlobPushOutcome.Skipped;
        }

        var start = RegistryPaths.Uploads(repository);
        if (mountFrom is not null)
        {
            start += $"?mount={Uri.EscapeDataString(blob.Digest.ToString())}&from={Uri.EscapeDataString(mountFrom)}";
        }

        Uri location;
        using (var response = await client.SendAsync(() => new HttpRequestMessage(HttpMethod.Post, client.Resolve(start)) { Content = new ByteArrayContent([]) }, cancellationToken).ConfigureAwait(false))
        {
            if (response.StatusCode == HttpStatusCode.Created && mountFrom is not null)
            {
                return BlobPushOutcome.Mounted;
            }

            location = response.StatusCode == HttpStatusCode.Accepted ? LocationOf(response)
                : throw await client.ErrorAsync(response, $"starting the upload of {blob.Digest} to {client.Registry}/{repository}", cancellationToken).ConfigureAwait(false);
        }

        var path = from.BlobPath(blob.Digest);
        long size = from.SizeOf(blob.Digest) ?? throw new StoreException($"blob {blob.Digest} is not in the store at {from.Root.Path}; pull or rebuild the image before pushing it.");
        if (chunkSize is not { } chunk || size <= chunk)
        {
            // One request for the whole blob: 64 MiB PATCH chunks cost docker-registry about 0.5 s
            // more per 200 MB here (each chunk reopens the upload and its hash state).
            await FinishAsync(location, blob.Digest, from, () => Body(path, 0, size), cancellationToken).ConfigureAwait(false);
            return BlobPushOutcome.Uploaded;
        }

        for (long offset = 0; offset < size; offset += chunk)
        {
            long length = Math.Min(chunk, size - offset);
            long at = offset;
            var target = location;
            using var response = await client.SendAsync(() =>
            {
                var body = Body(path, at, length);
                // The distribution spec's form, "start-end" without the "bytes" unit.
                body.Headers.TryAddWithoutValidation("Content-Range", $"{at}-{at + length - 1}");
                return new HttpRequestMessage(HttpMethod.Patch, target) { Content = body };
            }, cancellationToken).ConfigureAwait(false);
            location = response.StatusCode == HttpStatusCode.Accepted ? LocationOf(response)
                : throw await client.ErrorAsync(response, $"uploading bytes {at}-{at + length - 1} of {blob.Digest} to {client.Registry}/{repository}", cancellationToken).ConfigureAwait(false);
        }

        await FinishAsync(location, blob.Digest, from, () => new ByteArrayContent([]) { Headers = { ContentType = OctetStream } }, cancellationToken).ConfigureAwait(false);
        return BlobPushOutcome.UploadedInChunks;
    }

    /// <summary>A request body of <paramref name="length"/> bytes of the blob file from <paramref name="offset"/>, opened anew for each attempt.</summary>
    private static StreamContent Body(string path, long offset, long length)
    {
        var body = new StreamContent(new SliceStream(path, offset, length), 1 << 20);
        body.Headers.ContentType = OctetStream;
        body.Headers.ContentLength = length;
        return body;
    }

    private static MediaTypeHeaderValue OctetStream => new("application/octet-stream");

    private async Task<bool> ExistsAsync(Digest digest, CancellationToken cancellationToken)
    {
        using var response = await client.SendAsync(() => new HttpRequestMessage(HttpMethod.Head, client.Resolve(RegistryPaths.Blob(repository, digest))), cancellationToken).ConfigureAwait(false);
        return response.StatusCode == HttpStatusCode.OK;
    }

    /// <summary>The closing PUT; <paramref name="body"/> makes a fresh body, with its headers, for each attempt.</summary>
    private async Task FinishAsync(Uri location, Digest digest, ContentStore from, Func<HttpContent> body, CancellationToken cancellationToken)
    {
        using var response = await client.SendAsync(
            () => new HttpRequestMessage(HttpMethod.Put, RegistryPaths.WithQuery(location, "digest", digest.ToString())) { Content = body() },
            cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Created)
        {
            return;
        }

        var error = await client.ErrorAsync(response, $"completing the upload of {digest} to {client.Registry}/{repository}", cancellationToken).ConfigureAwait(false);
        throw response.StatusCode == HttpStatusCode.BadRequest && error.Message.Contains("DIGEST_INVALID", StringComparison.Ordinal)
            ? new StoreException($"{error.Message}: the bytes of blob {digest} in the store at {from.Root.Path} do not hash to its name, so the store is damaged; remove the image (builder rmi) and pull or rebuild it.", error)
            : error;
    }

    private Uri LocationOf(HttpResponseMessage response) =>
        response.Headers.Location is { } l
            ? (l.IsAbsoluteUri ? l : new Uri(client.BaseUri, l))
            : throw new StoreException($"{client.Registry} started an upload without a Location header; it does not follow the distribution API.");
}
