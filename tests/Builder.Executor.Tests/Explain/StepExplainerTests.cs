using Xunit;
using Builder.Cache.Oci;
using Builder.Executor.Explain;
using Builder.Planner.Keys;

namespace Builder.Executor.Tests.Explain;

public sealed class StepExplainerTests
{
    private static readonly Digest KeyA = Digest.Parse("sha256:" + new string('a', 64));
    private static readonly Digest KeyB = Digest.Parse("sha256:" + new string('b', 64));

    [Fact]
    public void Environment_changes_name_each_variable()
    {
        var before = Step(KeyA, new KeyInput("env", ["PATH=/bin", "V=1", "OLD=x"]));
        var now = Step(KeyB, new KeyInput("env", ["PATH=/bin", "V=2", "NEW=y"]));

        var why = StepExplainer.Explain(now, before, _ => null, noCache: false);

        Assert.Equal(["ARG/ENV V changed: \"1\" → \"2\"", "ARG/ENV NEW is new: \"y\"", "ARG/ENV OLD is gone"], why.ToArray());
    }

    [Fact]
    public void A_changed_base_manifest_shows_both_digests()
    {
        var why = StepExplainer.Explain(Step(KeyB, new KeyInput("manifest", [KeyB.ToString()])), Step(KeyA, new KeyInput("manifest", [KeyA.ToString()])), _ => null, noCache: false);

        Assert.Equal($"the base image changed: \"{KeyA}\" → \"{KeyB}\"", Assert.Single(why));
    }

    [Fact]
    public void A_parent_is_named_by_its_key()
    {
        var why = StepExplainer.Explain(Step(KeyB, new KeyInput("parent", [KeyB.ToString()])), Step(KeyA, new KeyInput("parent", [KeyA.ToString()])), k => k == KeyB ? "[1/2] COPY x /" : null, noCache: false);

        Assert.Equal("the step before it changed: [1/2] COPY x /", Assert.Single(why));
    }

    [Fact]
    public void Many_changed_files_are_capped_with_a_count()
    {
        var files = Enumerable.Range(0, 8).Select(i => new ContextFileLine($"f{i}", "old")).ToArray();
        var before = Step(KeyA, new KeyInput("source", [KeyA.ToString()])) with { Files = [.. files] };
        var now = Step(KeyB, new KeyInput("source", [KeyB.ToString()])) with { Files = [.. files.Select(f => f with { Fingerprint = "new" })] };

        var why = StepExplainer.Explain(now, before, _ => null, noCache: false);

        Assert.Equal("context files changed: f0 (changed), f1 (changed), f2 (changed), f3 (changed), f4 (changed) and 3 more", Assert.Single(why));
    }

    [Fact]
    public void Same_key_means_the_result_was_not_in_the_cache_and_no_cache_says_so()
    {
        var step = Step(KeyA, new KeyInput("parent", []));

        Assert.StartsWith("same key as the last build", Assert.Single(StepExplainer.Explain(step, step, _ => null, noCache: false)), StringComparison.Ordinal);
        Assert.StartsWith("--no-cache", Assert.Single(StepExplainer.Explain(step, step, _ => null, noCache: true)), StringComparison.Ordinal);
    }

    private static ExplainedStep Step(Digest key, params KeyInput[] inputs) => new("0:1", "[1/1] COPY a /", key, [.. inputs], null);
}
