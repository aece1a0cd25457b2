using BenchmarkDotNet.Attributes;
using Builder.Bench.Corpus;
using Builder.Parser;
using Builder.Parser.Syntax;
using Builder.Parser.Text;

namespace Builder.Bench;

/// <summary>
/// Parses the whole <see cref="DockerfileCorpus"/> once per operation, one file at a time. The
/// <see cref="ThroughputColumns"/> turn time and allocations per operation into MB/s and
/// allocated bytes per input byte.
/// </summary>
[Config(typeof(ParserBenchConfig))]
public class ParserBenchmarks
{
    private byte[][] _bytes = [];
    private string[] _paths = [];
    private SourceText[] _texts = [];

    [GlobalSetup]
    public void Setup()
    {
        var corpus = DockerfileCorpus.Default;
        _bytes = corpus.Files.Select(f => f.Bytes).ToArray();
        _paths = corpus.Files.Select(f => f.Name).ToArray();
        _texts = corpus.Files.Select(f => SourceText.From(f.Bytes, f.Name)).ToArray();
    }

    /// <summary>(a) The lossless syntax tree from already decoded text.</summary>
    [Benchmark(Baseline = true, Description = "a: syntax tree")]
    public int SyntaxTree()
    {
        int nodes = 0;
        foreach (var text in _texts)
        {
            nodes += DockerfileSyntaxTree.Parse(text).Nodes.Length;
        }

        return nodes;
    }

    /// <summary>(b) UTF-8 decoding plus the syntax tree: what a caller holding file bytes pays.</summary>
    [Benchmark(Description = "b: bytes -> syntax tree")]
    public int SyntaxTreeFromBytes()
    {
        int nodes = 0;
        for (int i = 0; i < _bytes.Length; i++)
        {
            nodes += DockerfileSyntaxTree.Parse(SourceText.From(_bytes[i], _paths[i])).Nodes.Length;
        }

        return nodes;
    }

    /// <summary>(c) Syntax tree plus typed instructions and stages.</summary>
    [Benchmark(Description = "c: typed Dockerfile")]
    public int TypedDockerfile()
    {
        int instructions = 0;
        foreach (var text in _texts)
        {
            var file = Dockerfile.Parse(text);
            instructions += file.MetaArgs.Length;
            foreach (var stage in file.Stages)
            {
                instructions += 1 + stage.Instructions.Length;
            }
        }

        return instructions;
    }

    /// <summary>(d) Typed Dockerfile plus every lint rule (noisy ones included): what <c>builder lint</c> pays per file.</summary>
    [Benchmark(Description = "d: lint (all rules)")]
    public int Lint()
    {
        int findings = 0;
        var options = Builder.Parser.Lint.LintOptions.Create(enable: ["all"]);
        foreach (var text in _texts)
        {
            findings += Builder.Parser.Lint.Linter.Lint(text, options).Findings.Length;
        }

        return findings;
    }
}
