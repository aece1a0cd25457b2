using BenchmarkDotNet.Running;
using Builder.Bench;
using Builder.Bench.Corpus;

// Usage:
//   Builder.Bench [BenchmarkDotNet options]   the parser benchmarks, then a compact MB/s and B/byte table
//   Builder.Bench --quick [passes] [abc]      a Stopwatch loop for trying an optimisation quickly
//   Builder.Bench --corpus [DIR]              describe the corpus (size, files, sha256, diagnostics); write it to DIR
if (args.Length > 0 && args[0] == "--corpus")
{
    Console.WriteLine(DockerfileCorpus.Default.Describe());
    CorpusReport.Print(DockerfileCorpus.Default, args.Length > 1 ? args[1] : null);
    return 0;
}

if (args.Length > 0 && args[0] == "--quick")
{
    return QuickHarness.Run(args[1..]);
}

var summary = BenchmarkRunner.Run<ParserBenchmarks>(args: args);
CompactTable.Print(summary);
return summary.HasCriticalValidationErrors || summary.Reports.Any(r => !r.Success) ? 1 : 0;
