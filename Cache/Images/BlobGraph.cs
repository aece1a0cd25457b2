using Builder.Cache.Content;
using Builder.Cache.Oci;

namespace Builder.Cache.Images;

/// <summary>The blobs an image needs: its index or manifest, config and layers, followed through nested indexes.</summary>
internal static class BlobGraph
{
    public static HashSet<Digest> Reachable(ContentStore content, IEnumerable<Descriptor> roots)
    {
        var seen = new HashSet<Digest>();
        var pending = new Stack<Descriptor>(roots);
        while (pending.Count > 0)
        {
            var descriptor = pending.Pop();
            if (!seen.Add(descriptor.Digest) || !content.Exists(descriptor.Digest))
            {
                continue;
            }

            if (MediaTypes.IsIndex(descriptor.MediaType))
            {
                var index = content.ReadJson<ImageIndex>(descriptor.Digest);
                foreach (var child in index.Manifests.IsDefault ? [] : index.Manifests)
                {
                    pending.Push(child);
                }
            }
            else if (MediaTypes.IsManifest(descriptor.MediaType))
            {
                var manifest = content.ReadJson<Manifest>(descriptor.Digest);
                if (manifest.Config is not null)
                {
                    pending.Push(manifest.Config);
                }

                foreach (var layer in manifest.Layers.IsDefault ? [] : manifest.Layers)
                {
                    pending.Push(layer);
                }
            }
        }

        return seen;
    }
}
