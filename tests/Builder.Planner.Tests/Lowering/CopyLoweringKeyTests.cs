using System.Security.Cryptography;
using System.Text;
using Builder.Cache.Oci;
using Builder.Planner.Context;
using Builder.Planner.Model;
using Xunit;

namespace Builder.Planner.Tests.Lowering;

/// <summary>The key inputs COPY/ADD gained with their executor: the --parents pivot and the content of an ADD URL without --checksum.</summary>
public sealed class CopyLoweringKeyTests
{
    private sealed class UrlContext : IContextDigester, IRemoteDigester
    {
        public string Served { get; set; } = "v1";

        public List<string> Asked { get; } = [];

        public Digest DigestOf(ContextSelection selection) => Digest.Compute(Encoding.UTF8.GetBytes(string.Join(",", selection.Sources)));

        public Digest DigestOfUrl(string url)
        {
            Asked.Add(url);
            return Digest.FromHash(SHA256.HashData(Encoding.UTF8.GetBytes(Served)));
        }
    }

    private static CopyStep Copy(BuildPlan plan) => PlannerHarness.Ok(plan).Steps.OfType<CopyStep>().Single();

    [Fact]
    public void A_parents_pivot_stays_in_the_selection_and_changes_the_key()
    {
        var plain = Copy(PlannerHarness.Plan("FROM scratch\nCOPY --parents ./x/y/f /d/\n"));
        var pivot = Copy(PlannerHarness.Plan("FROM scratch\nCOPY --parents ./x/./y/f /d/\n"));
        var noParents = Copy(PlannerHarness.Plan("FROM scratch\nCOPY ./x/./y/f /d/\n"));

        Assert.Equal(["x/./y/f"], ((ContextCopySource)pivot.Source).Selection.Sources.ToArray());
        Assert.Equal(["x/y/f"], ((ContextCopySource)plain.Source).Selection.Sources.ToArray());
        Assert.Equal(["x/y/f"], ((ContextCopySource)noParents.Source).Selection.Sources.ToArray()); // the pivot only means something with --parents
        Assert.NotEqual(plain.Key, pivot.Key);
    }

    [Fact]
    public void An_add_url_without_checksum_is_keyed_by_what_it_serves_and_with_one_by_the_checksum()
    {
        var context = new UrlContext();
        const string Add = "FROM scratch\nADD http://127.0.0.1:1/f /f\n";
        var checksum = "sha256:" + new string('a', 64);
        string WithChecksum = $"FROM scratch\nADD --checksum={checksum} http://127.0.0.1:1/f /f\n";

        var first = Copy(BuildPlanner.Plan(Builder.Parser.Dockerfile.Parse(Add), new PlanOptions(), new FakeImages(), context));
        var checkedFirst = Copy(BuildPlanner.Plan(Builder.Parser.Dockerfile.Parse(WithChecksum), new PlanOptions(), new FakeImages(), context));
        context.Served = "v2";
        var second = Copy(BuildPlanner.Plan(Builder.Parser.Dockerfile.Parse(Add), new PlanOptions(), new FakeImages(), context));
        var checkedSecond = Copy(BuildPlanner.Plan(Builder.Parser.Dockerfile.Parse(WithChecksum), new PlanOptions(), new FakeImages(), context));

        Assert.NotEqual(first.Key, second.Key);
        Assert.Equal(checkedFirst.Key, checkedSecond.Key);
        Assert.Equal(["http://127.0.0.1:1/f", "http://127.0.0.1:1/f"], context.Asked); // only the ADDs without --checksum download
    }
}
