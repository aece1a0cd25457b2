using System.Collections.Immutable;
using Builder.Cache;
using Builder.Cache.Images;
using Builder.Cache.Oci;
using Builder.Cache.Registry;

namespace Builder.MSBuild;

/// <summary>What the pushes did: every reference sent (in tag order), and the error that stopped them, if one did.</summary>
internal sealed record PushOutcome(ImmutableArray<PushedImage> Pushed, ImageError? Error);

/// <summary>
/// <c>ContainerRegistry</c>: the built image's tags (names in that registry) pushed one after the
/// other with the CLI's pusher, as the SDK's PublishContainer does. The image is in the store
/// before the first push, so a failed or cancelled push says so and how to send it later.
/// </summary>
internal static class ImagePublisher
{
    public static async Task<PushOutcome> PushAsync(ImageStore store, StoredImage image, ImmutableArray<string> tags, RegistryOptions registry, CancellationToken cancellationToken)
    {
        var pushed = ImmutableArray.CreateBuilder<PushedImage>();
        foreach (var tag in tags)
        {
            var host = ImageReference.TryParse(tag, out var reference, out _) ? reference.Registry : tag;
            try
            {
                pushed.Add(await ImagePusher.PushAsync(store, tag, registry, cancellationToken).ConfigureAwait(false));
            }
            catch (StoreException e)
            {
                return new PushOutcome(pushed.ToImmutable(), new ImageError("BLDMSB008",
                    $"Pushing {tag} to the registry {host} failed: {e.Message.TrimEnd('.')}. The image {image.Id.ToShortString()} is built and stored{Sent(pushed)}; once that is fixed, builder push {tag} sends it (or build again)."));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The registry may hold some blobs, but no manifest names them: it is as good as unchanged.
                return new PushOutcome(pushed.ToImmutable(), new ImageError("BLDMSB006",
                    $"Pushing {tag} to {host} was cancelled. The image {image.Id.ToShortString()} is built and stored{Sent(pushed)}; builder push {tag} sends it later."));
            }
        }

        return new PushOutcome(pushed.ToImmutable(), null);
    }

    private static string Sent(ImmutableArray<PushedImage>.Builder pushed) =>
        pushed.Count == 0 ? string.Empty : $", {string.Join(", ", pushed.Select(p => p.Reference.ToFamiliarString()))} pushed";
}
