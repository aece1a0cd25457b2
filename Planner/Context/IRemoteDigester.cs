using Builder.Cache.Oci;

namespace Builder.Planner.Context;

/// <summary>
/// Optionally implemented by the <see cref="IContextDigester"/>: the sha256 of what an ADD URL
/// serves now, so that an ADD without <c>--checksum</c> is keyed by content as BuildKit keys its
/// http source (which downloads to compute it). The planner never does I/O itself.
/// </summary>
public interface IRemoteDigester
{
    Digest DigestOfUrl(string url);
}
