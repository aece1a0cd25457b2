using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;

namespace Builder.Bench;

/// <summary>
/// A short job (like <c>--job short</c>, with more iterations for a usable error bar on a shared
/// machine): one process, 3 warm-up and 15 measured iterations. Each operation parses the whole
/// corpus (tens of milliseconds), so the three benchmarks take about a minute on 2 cores,
/// build of the generated project included.
/// </summary>
internal sealed class ParserBenchConfig : ManualConfig
{
    public ParserBenchConfig()
    {
        AddJob(Job.Default
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(15)
            .WithId("Short15"));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(new MegabytesPerSecondColumn(), new BytesPerInputByteColumn());
    }
}
