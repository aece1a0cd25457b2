using System.Collections.Immutable;
using System.Text;
using Builder.Cache.Oci;

namespace Builder.Executor.Snapshots;

/// <summary>
/// An OCI chain id (image-spec config.md, "Layer ChainID"): it names a layer together with every
/// layer below it, so an unpacked snapshot keyed by it is reusable by any image sharing that prefix.
/// ChainID(L0) = DiffID(L0); ChainID(Ln) = sha256(ChainID(Ln-1) + " " + DiffID(Ln)).
/// </summary>
internal readonly record struct ChainId(Digest Digest)
{
    public static ChainId Of(Digest diffId) => new(diffId);

    public ChainId Then(Digest diffId) =>
        new(Digest.Compute(Encoding.ASCII.GetBytes($"{Digest} {diffId}")));

    /// <summary>The chain id of every prefix of <paramref name="diffIds"/>, bottom layer first.</summary>
    public static ImmutableArray<ChainId> ForEach(IEnumerable<Digest> diffIds)
    {
        var result = ImmutableArray.CreateBuilder<ChainId>();
        ChainId? previous = null;
        foreach (var diffId in diffIds)
        {
            var next = previous is { } p ? p.Then(diffId) : Of(diffId);
            result.Add(next);
            previous = next;
        }

        return result.ToImmutable();
    }

    public override string ToString() => Digest.ToString();
}
