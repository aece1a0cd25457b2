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

/// <summary>Puts blobs into a repository: HEAD first, then a cross-repository mount when one is offered, else a monolithic or chunked upload.</summary>
internal sealed class BlobUploader(RegistryClient client, string repository, ContentStore content, long chunkSize)
{
    public async Task<BlobPushOutcome> PushAsync(Descriptor blob, string? mountFrom, CancellationToken cancellationToken)
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

        long size = content.SizeOf(blob.Digest) ?? throw new StoreException($"blob {blob.Digest} is not in the store at {content.Root.Path}; pull or rebuild the image before pushing it.");
        if (size <= chunkSize)
        {
            await FinishAsync(location, blob.Digest, () => new StreamContent(content.OpenRead(blob.Digest), 1 << 20), size, cancellationToken).ConfigureAwait(false);
            return BlobPushOutcome.Uploaded;
        }

        for (long offset = 0; offset < size; offset += chunkSize)
        {
            long length = Math.Min(chunkSize, size - offset);
            long from = offset;
            var at = location;
            using var response = await client.SendAsync(() =>
            {
                var body = new StreamContent(new SliceStream(content.BlobPath(blob.Digest), from, length), 1 << 20);
                body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                body.Headers.ContentLength = length;
                // The distribution spec's form, "start-end" without the "bytes" unit.
                body.Headers.TryAddWithoutValidation("Content-Range", $"{from}-{from + length - 1}");
                return new HttpRequestMessage(HttpMethod.Patch, at) { Content = body };
            }, cancellationToken).ConfigureAwait(false);
            location = response.StatusCode == HttpStatusCode.Accepted ? LocationOf(response)
                : throw await client.ErrorAsync(response, $"uploading bytes {from}-{from + length - 1} of {blob.Digest} to {client.Registry}/{repository}", cancellationToken).ConfigureAwait(false);
        }

        await FinishAsync(location, blob.Digest, () => new ByteArrayContent([]), 0, cancellationToken).ConfigureAwait(false);
        return BlobPushOutcome.UploadedInChunks;
    }

    private async Task<bool> ExistsAsync(Digest digest, CancellationToken cancellationToken)
    {
        using var response = await client.SendAsync(() => new HttpRequestMessage(HttpMethod.Head, client.Resolve(RegistryPaths.Blob(repository, digest))), cancellationToken).ConfigureAwait(false);
        return response.StatusCode == HttpStatusCode.OK;
    }

    private async Task FinishAsync(Uri location, Digest digest, Func<HttpContent> body, long length, CancellationToken cancellationToken)
    {
        using var response = await client.SendAsync(() =>
        {
            var content = body();
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            content.Headers.ContentLength = length;
            return new HttpRequestMessage(HttpMethod.Put, RegistryPaths.WithQuery(location, "digest", digest.ToString())) { Content = content };
        }, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw await client.ErrorAsync(response, $"completing the upload of {digest} to {client.Registry}/{repository}", cancellationToken).ConfigureAwait(false);
        }
    }

    private Uri LocationOf(HttpResponseMessage response) =>
        response.Headers.Location is { } l
            ? (l.IsAbsoluteUri ? l : new Uri(client.BaseUri, l))
            : throw new StoreException($"{client.Registry} started an upload without a Location header; it does not follow the distribution API.");
}
