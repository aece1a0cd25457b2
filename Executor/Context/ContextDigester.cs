using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using Builder.Cache.Context;
using Builder.Cache.Oci;
using Builder.Planner.Context;

namespace Builder.Executor.Context;

/// <summary>
/// <see cref="IContextDigester"/> over the context walk: sha256 of, per source in order, each
/// matched entry and the entries below it (path relative to the match, type, mode, uid, gid,
/// link target, BLAKE3 of the content). Never mtimes, so <c>touch</c> keeps the digest. A source
/// that matches nothing is digested as missing (the executor reports it before running anything).
/// </summary>
/// <remarks>
/// <c>--exclude</c> and <c>--parents</c> select through <see cref="CopySelection"/>, the same code
/// the copy uses, so an excluded file is not digested. For ADD of a URL without
/// <c>--checksum</c> it downloads the URL while planning and gives the sha256 of the body
/// (BuildKit's http source does the same to key it); the copy downloads it again when it runs.
/// </remarks>
public sealed class ContextDigester(BuildContext context) : IContextDigester, IRemoteDigester
{
    /// <summary>
    /// The body's sha256; for a git URL (rejected before running) or a server that cannot be
    /// reached, the digest of the URL text, so that the plan is made and the ADD itself reports
    /// the problem at its line when it runs.
    /// </summary>
    public Digest DigestOfUrl(string url)
    {
        if (!new Uri(url).AbsolutePath.EndsWith(".git", StringComparison.Ordinal))
        {
            try
            {
                return Steps.Copy.UrlSource.DigestAsync(url, CancellationToken.None).GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is IOException or HttpRequestException or TaskCanceledException)
            {
                // reported by the step
            }
        }

        return Digest.Compute(Encoding.UTF8.GetBytes("url\0" + url));
    }

    public Digest DigestOf(ContextSelection selection)
    {
        var sb = new StringBuilder("builder.executor.context.v1\n");
        foreach (var source in selection.Sources)
        {
            sb.Append("source\0").Append(source).Append('\n');
            bool any = false;
            foreach (var (path, entry) in Selected(selection, source))
            {
                any = true;
                sb.Append(Line(path, entry)).Append('\n');
            }

            if (!any)
            {
                sb.Append("missing\n");
            }
        }

        foreach (var exclude in selection.Excludes)
        {
            sb.Append("exclude\0").Append(exclude).Append('\n');
        }

        return Digest.FromHash(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }

    /// <summary>
    /// Every entry the selection reads, by its path in the context, with the line it adds to the
    /// digest: what <c>--explain</c> compares between two builds, so the two lists differ exactly
    /// where the digest can.
    /// </summary>
    public ImmutableArray<Explain.ContextFileLine> Listing(ContextSelection selection) =>
        [.. selection.Sources.SelectMany(source => Selected(selection, source)).Select(p => new Explain.ContextFileLine(p.Entry.Path, Line(p.Path, p.Entry)))];

    /// <summary>One source's entries (excludes and <c>--parents</c> applied, as the copy selects them), with their paths relative to the copy.</summary>
    private IEnumerable<(string Path, ContextEntry Entry)> Selected(ContextSelection selection, string source)
    {
        foreach (var match in CopySelection.Select(context, source, selection.Excludes, selection.Parents))
        {
            if (match.Root is { } root)
            {
                yield return (root.Path, root);
            }

            var under = selection.Parents ? string.Empty : match.Root?.Path ?? string.Empty;
            foreach (var entry in match.Below)
            {
                yield return (CopySelection.Under(under, entry.Path), entry);
            }
        }
    }

    private static string Line(string path, ContextEntry e) =>
        $"{path}\0{(int)e.Type}\0{e.Mode}\0{e.Uid}\0{e.Gid}\0{e.LinkTarget}\0{e.ContentHash}";
}
