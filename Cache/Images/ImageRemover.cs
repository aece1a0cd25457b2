using System.Collections.Immutable;
using Builder.Cache.Oci;

namespace Builder.Cache.Images;

/// <summary>What <c>builder rmi</c> did for one name: the tags it removed and the image it deleted, if any.</summary>
public sealed record ImageRemoval(string Name, ImmutableArray<ImageReference> Untagged, Digest? Deleted);

public sealed record RemoveResult(ImmutableArray<ImageRemoval> Removed, ImmutableArray<string> Errors);

/// <summary>
/// <c>builder rmi [-f] IMAGE...</c> with Docker's rules: a name removes that tag, and the image
/// too once no tag is left; an id removes the image with all its tags, but only with
/// <c>force</c> when the tags span several repositories. A deleted image's blobs that no other
/// image uses are deleted with it. Each name is its own change: one failure does not stop the others.
/// </summary>
public static class ImageRemover
{
    public static RemoveResult Remove(ImageStore store, IEnumerable<string> names, bool force)
    {
        var removed = ImmutableArray.CreateBuilder<ImageRemoval>();
        var errors = ImmutableArray.CreateBuilder<string>();
        foreach (var name in names)
        {
            try
            {
                removed.Add(store.Update(index => RemoveOne(store, index, name, force), (before, after) => DeleteUnusedBlobs(store, before, after)));
            }
            catch (StoreException e)
            {
                errors.Add(e.Message);
            }
        }

        return new RemoveResult(removed.ToImmutable(), errors.ToImmutable());
    }

    private static (StoreIndex, ImageRemoval) RemoveOne(ImageStore store, StoreIndex index, string name, bool force)
    {
        var match = ImageResolver.Resolve(store, index, name);
        var digest = match.Image.Descriptor.Digest;
        if (match.Reference is { } reference)
        {
            var next = index.WithoutTag(reference);
            return (next, new ImageRemoval(name, [reference], next.Contains(digest) ? null : match.Image.Id));
        }

        var tags = index.TagsOf(digest);
        if (!force && tags.Select(t => t.Name).Distinct().Count() > 1)
        {
            throw new StoreException(
                $"conflict: unable to delete {match.Image.Id.ToShortString()} (must be forced) - image is referenced in multiple repositories; remove its tags by name, or use rmi -f to remove the image with every tag.");
        }

        return (index.WithoutManifest(digest), new ImageRemoval(name, tags, match.Image.Id));
    }

    private static void DeleteUnusedBlobs(ImageStore store, StoreIndex before, StoreIndex after)
    {
        var gone = before.Manifests.Where(d => !after.Contains(d.Digest)).ToList();
        if (gone.Count == 0)
        {
            return;
        }

        var candidates = BlobGraph.Reachable(store.Content, gone);
        candidates.ExceptWith(BlobGraph.Reachable(store.Content, after.Manifests));
        foreach (var digest in candidates)
        {
            store.Content.Delete(digest);
        }
    }
}
