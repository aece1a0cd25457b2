using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Builder.Bench.Corpus;

namespace Builder.Bench;

/// <summary>
/// Per-input-byte figures of one benchmark: every benchmark operation parses the whole corpus,
/// so the corpus size turns time per operation into throughput and allocated bytes per operation
/// into allocated bytes per input byte. MB is 10^6 bytes.
/// </summary>
internal readonly record struct Throughput(
    double MeanMilliseconds,
    double MegabytesPerSecond,
    double MedianMegabytesPerSecond,
    double? AllocatedBytesPerInputByte,
    long? AllocatedBytesPerOperation)
{
    public static Throughput? Of(Summary summary, BenchmarkCase benchmarkCase)
    {
        var report = summary[benchmarkCase];
        var stats = report?.ResultStatistics;
        if (report is null || stats is null)
        {
            return null;
        }

        // The corpus is deterministic, so the host computes the same size as the child process.
        double size = DockerfileCorpus.Default.Size;
        double meanNs = stats.Mean;
        long? allocated = report.GcStats.GetBytesAllocatedPerOperation(benchmarkCase);
        return new Throughput(
            meanNs / 1e6,
            size / (meanNs / 1e9) / 1e6,
            size / (stats.Median / 1e9) / 1e6,
            allocated is { } a ? a / size : null,
            allocated);
    }
}

internal abstract class ThroughputColumn : IColumn
{
    public abstract string Id { get; }

    public abstract string ColumnName { get; }

    public abstract string Legend { get; }

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => Format(Throughput.Of(summary, benchmarkCase));

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    protected abstract string Format(Throughput? value);
}

internal sealed class MegabytesPerSecondColumn : ThroughputColumn
{
    public override string Id => "Builder.MBps";

    public override string ColumnName => "MB/s";

    public override string Legend => "Input megabytes (10^6 bytes) parsed per second: corpus size / Mean";

    protected override string Format(Throughput? value) => value is { } v ? v.MegabytesPerSecond.ToString("F1") : "NA";
}

internal sealed class BytesPerInputByteColumn : ThroughputColumn
{
    public override string Id => "Builder.BPerByte";

    public override string ColumnName => "B/byte";

    public override string Legend => "Managed bytes allocated per input byte: Allocated / corpus size";

    protected override string Format(Throughput? value) =>
        value is { AllocatedBytesPerInputByte: { } b } ? b.ToString("F2") : "NA";
}
