using System.Collections.Immutable;
using Builder.Cache.Context;
using Builder.Executor.Context;
using Builder.Planner.Context;

namespace Builder.Executor.Explain;

/// <summary>
/// The context entries a COPY/ADD selection reads, one line each, in the same terms as the
/// <see cref="ContextDigester"/> (type, mode, owner, link target, content hash; never mtimes), so
/// two listings differ exactly where the selection's digest can have changed.
/// </summary>
internal static class ContextListing
{
    public static ImmutableArray<ContextFileLine> Of(BuildContext context, ContextSelection selection)
    {
        var lines = ImmutableArray.CreateBuilder<ContextFileLine>();
        foreach (var source in selection.Sources)
        {
            foreach (var match in context.Resolve(source))
            {
                if (match.Root is { } root)
                {
                    lines.Add(Line(root));
                }

                foreach (var entry in match.Below)
                {
                    lines.Add(Line(entry));
                }
            }
        }

        return lines.ToImmutable();
    }

    private static ContextFileLine Line(ContextEntry e) =>
        new(e.Path, $"{e.Type} {e.Mode:x} {e.Uid}:{e.Gid} {e.LinkTarget} {e.ContentHash}");
}
