using Builder.Cache.Oci;

namespace Builder.Cache.Images;

/// <summary>
/// Finds an image the way Docker does: a full digest is an image id (config digest) or a manifest
/// digest; otherwise a reference (<c>busybox</c> = <c>docker.io/library/busybox:latest</c>,
/// <c>name@sha256:...</c> by manifest digest); otherwise a unique prefix of an image id.
/// </summary>
internal static class ImageResolver
{
    public static ImageMatch Resolve(ImageStore store, StoreIndex index, string text) =>
        TryResolve(store, index, text, out var error) ?? throw new StoreException(error!);

    public static ImageMatch? TryResolve(ImageStore store, StoreIndex index, string text, out string? error)
    {
        error = null;
        if (Digest.TryParse(text, out var digest))
        {
            var byDigest = store.ListIn(index).Where(i => i.Id == digest || i.Descriptor.Digest == digest || i.ManifestDescriptor.Digest == digest).ToList();
            if (byDigest.Count > 0)
            {
                return new ImageMatch(byDigest[0], null);
            }
        }
        else if (ImageReference.TryParse(text, out var reference, out var referenceError))
        {
            if (reference.Digest is { } manifestDigest)
            {
                // A pull by digest alone stores the image untagged (or finds it kept under another
                // name), so the name is lost; the digest fixes the content, so any entry with it answers.
                var entry = index.Manifests.FirstOrDefault(d => d.Digest == manifestDigest && StoreIndex.NameOf(d)?.Name == reference.Name)
                    ?? index.Manifests.FirstOrDefault(d => d.Digest == manifestDigest);
                if (entry is not null)
                {
                    return new ImageMatch(store.Load(entry, index), null);
                }
            }
            else if (index.Find(reference) is { } tagged)
            {
                return new ImageMatch(store.Load(tagged, index), reference);
            }
        }
        else if (!IsIdPrefix(text))
        {
            error = $"{referenceError}; name an image as [registry/]name[:tag], name@sha256:DIGEST or an image id.";
            return null;
        }

        if (IsIdPrefix(text))
        {
            var prefix = text.StartsWith("sha256:", StringComparison.Ordinal) ? text : "sha256:" + text;
            var matches = store.ListIn(index).Where(i => i.Id.ToString().StartsWith(prefix, StringComparison.Ordinal)).ToList();
            var ids = matches.Select(m => m.Id).Distinct().ToList();
            if (ids.Count == 1)
            {
                return new ImageMatch(matches[0], null);
            }

            if (ids.Count > 1)
            {
                error = $"image id prefix '{text}' is ambiguous: it matches {string.Join(", ", ids.Select(i => i.ToShortString()))}; give more digits.";
                return null;
            }
        }

        error = $"image '{text}' not found in the store at {store.Root.Path}; list images with builder images";
        return null;
    }

    private static bool IsIdPrefix(string text)
    {
        var hex = text.StartsWith("sha256:", StringComparison.Ordinal) ? text.Substring(7) : text;
        return hex.Length is > 0 and <= 64 && hex.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));
    }
}
