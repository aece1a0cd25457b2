using Builder.Cache;
using Builder.Cache.Images;
using Builder.Cache.Oci;
using Builder.Parser;
using Builder.Planner.Images;
using Builder.TestKit;
using Xunit;

namespace Builder.Planner.Tests.Images;

public sealed class StoreBaseImageResolverTests
{
    [Fact]
    public void AMissingImageIsALocatedDiagnosticNotAnException()
    {
        using var dir = new TempDirectory();
        var resolver = new StoreBaseImageResolver(new ImageStore(new StoreRoot(dir.Combine("store"))));
        Assert.Null(resolver.Resolve("nosuch:1", Platform.LinuxAmd64, out var error));
        Assert.False(string.IsNullOrEmpty(error));

        const string text = "FROM nosuch:1\n";
        var plan = BuildPlanner.Plan(Dockerfile.Parse(text), new PlanOptions(), resolver, new FakeContext());
        var diagnostic = Assert.Single(plan.Diagnostics);
        Assert.Equal("BLD3005", diagnostic.Id);
        Assert.Equal(5, diagnostic.Span.Start);
        Assert.Contains("nosuch:1", diagnostic.Message);
    }
}
