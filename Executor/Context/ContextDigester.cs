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
            var matches = CopySelection.Select(context, source, selection.Excludes, selection.Parents);
            if (matches.IsEmpty)
            {
                sb.Append("missing\n");
            }

            foreach (var match in matches)
            {
                if (match.Root is { } root)
                {
                    Append(sb, root.Path, root);
                }

                var under = selection.Parents ? string.Empty : match.Root?.Path ?? string.Empty;
                foreach (var entry in match.Below)
                {
                    Append(sb, CopySelection.Under(under, entry.Path), entry);
                }
            }
        }

        foreach (var exclude in selection.Excludes)
        {
            sb.Append("exclude\0").Append(exclude).Append('\n');
        }

        return Digest.FromHash(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }

    private static void Append(StringBuilder sb, string path, ContextEntry e) =>
        sb.Append(path).Append('\0').Append((int)e.Type).Append('\0').Append(e.Mode).Append('\0')
          .Append(e.Uid).Append('\0').Append(e.Gid).Append('\0').Append(e.LinkTarget).Append('\0')
          .Append(e.ContentHash?.ToString()).Append('\n');
}
