using Builder.Cache.Oci;
using Builder.Executor.Snapshots;
using Xunit;

namespace Builder.Executor.Tests.Snapshots;

public sealed class ChainIdTests
{
    private static readonly Digest A = Digest.Parse("sha256:" + new string('a', 64));
    private static readonly Digest B = Digest.Parse("sha256:" + new string('b', 64));

    [Fact]
    public void The_first_layers_chain_id_is_its_diff_id()
    {
        Assert.Equal(A, ChainId.Of(A).Digest);
    }

    [Fact]
    public void A_later_chain_id_hashes_the_parent_chain_id_a_space_and_the_diff_id()
    {
        // printf 'sha256:aaa…a sha256:bbb…b' | sha256sum
        var expected = Digest.Parse("sha256:ccd722928bd92476ba1745586fed6e45a102504185ad88cd89e01ff116fd146c");

        Assert.Equal(expected, ChainId.Of(A).Then(B).Digest);
        Assert.Equal([ChainId.Of(A), new ChainId(expected)], ChainId.ForEach([A, B]).ToArray());
    }

    [Fact]
    public void The_order_of_the_layers_matters()
    {
        Assert.NotEqual(ChainId.Of(A).Then(B), ChainId.Of(B).Then(A));
    }
}
