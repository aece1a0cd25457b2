using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;

namespace Builder.Bench;

/// <summary>
/// A short job (like <c>--job short</c>, with more iterations for a usable error bar on a shared
/// machine): one process, 3 warm-up and 15 measured iterations of 6 operations each. An operation
/// parses the whole corpus (tens of milliseconds), so a fixed invocation count keeps iterations
/// above BenchmarkDotNet's 100 ms minimum without a pilot stage, which a busy machine misleads.
/// The three benchmarks take about a minute on 2 cores, build of the generated project included.
/// </summary>
internal sealed class ParserBenchConfig : ManualConfig
{
    public ParserBenchConfig()
    {
        AddJob(Job.Default
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(15)
            .WithInvocationCount(6)
            .WithUnrollFactor(1)
            .WithId("Short15"));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(new MegabytesPerSecondColumn(), new BytesPerInputByteColumn());
    }
}
