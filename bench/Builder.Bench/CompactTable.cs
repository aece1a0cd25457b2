using BenchmarkDotNet.Reports;
using Builder.Bench.Corpus;

namespace Builder.Bench;

/// <summary>The closing summary <c>bench/run-parser.sh</c> shows: corpus, then MB/s and B/byte per benchmark.</summary>
internal static class CompactTable
{
    public static void Print(Summary summary)
    {
        Console.WriteLine();
        Console.WriteLine("== parser throughput ==");
        Console.WriteLine(DockerfileCorpus.Default.Describe());
        // On a shared machine the median is the steadier figure; both are printed.
        Console.WriteLine($"{"benchmark",-26} {"mean ms",9} {"MB/s",8} {"median MB/s",12} {"B/byte",7} {"alloc/op",14}");
        foreach (var benchmarkCase in summary.BenchmarksCases)
        {
            string name = benchmarkCase.Descriptor.WorkloadMethodDisplayInfo;
            if (Throughput.Of(summary, benchmarkCase) is not { } t)
            {
                Console.WriteLine($"{name,-26} failed");
                continue;
            }

            string perByte = t.AllocatedBytesPerInputByte is { } b ? b.ToString("F2") : "NA";
            string perOp = t.AllocatedBytesPerOperation is { } a ? a.ToString("N0") : "NA";
            Console.WriteLine($"{name,-26} {t.MeanMilliseconds,9:F2} {t.MegabytesPerSecond,8:F1} {t.MedianMegabytesPerSecond,12:F1} {perByte,7} {perOp,14}");
        }
    }
}
