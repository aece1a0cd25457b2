using Xunit;
using Xunit.Abstractions;

namespace Builder.Parser.Tests.Robustness;

/// <summary>
/// The parser against mutated conformance inputs: no exception, no hang, every span inside the
/// input. CI runs <see cref="FuzzSettings.DefaultIterations"/> inputs from a fixed seed;
/// <c>scripts/fuzz.sh</c> runs more (see <see cref="FuzzSettings"/> for the knobs).
/// </summary>
public sealed class ParserFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public void Mutated_corpus_never_breaks_the_parser()
    {
        var settings = FuzzSettings.FromEnvironment();
        var report = FuzzRunner.Run(settings, new DockerfileMutator(FuzzCorpus.Seeds));

        output.WriteLine(report.Summary);
        if (settings.ReportPath is { } path)
        {
            File.WriteAllText(path, report.Failures.Count == 0 ? report.Summary + "\n" : report.Describe());
        }

        Assert.True(report.Failures.Count == 0, report.Describe());
        Assert.Equal(settings.Iterations, report.Inputs);
    }

    [Fact]
    public void An_input_depends_only_on_the_seed_and_its_number()
    {
        var mutator = new DockerfileMutator(FuzzCorpus.Seeds);
        var forward = Enumerable.Range(0, 50).Select(i => mutator.Generate(7, i).Bytes).ToList();
        var backward = Enumerable.Range(0, 50).Reverse().Select(i => new DockerfileMutator(FuzzCorpus.Seeds).Generate(7, i).Bytes).Reverse().ToList();

        Assert.Equal(forward, backward);

        Assert.NotEqual(mutator.Generate(7, 1).Bytes, mutator.Generate(8, 1).Bytes);
    }

    [Fact]
    public void Corpus_has_every_conformance_and_fixture_dockerfile()
    {
        var names = FuzzCorpus.Seeds.Select(s => s.Name).ToList();

        Assert.Contains("conformance/parser/continue-at-eof/Dockerfile", names);
        Assert.Contains("conformance/parser-negative/empty_dockerfile/Dockerfile", names);
        Assert.Contains("conformance/parser-extra/heredocs/Dockerfile", names);
        Assert.Contains("fixtures/sample/Dockerfile", names);
        Assert.True(names.Count >= 42, $"only {names.Count} seeds");
    }

    [Fact]
    public void Minimizer_keeps_the_failure_and_drops_the_rest()
    {
        var input = "FROM a\nRUN x\nBOOM here\nRUN y\n"u8.ToArray();

        var minimized = FuzzMinimizer.Minimize(input, b => System.Text.Encoding.UTF8.GetString(b).Contains("BOOM", StringComparison.Ordinal));

        Assert.Equal("BOOM"u8.ToArray(), minimized);
    }
}
