using System.Diagnostics;
using Builder.Bench.Corpus;

namespace Builder.Bench;

/// <summary>
/// <c>--quick [passes]</c>: a Stopwatch loop over the same three benchmarks, for checking an
/// optimisation in seconds. Reports the best and median pass, the median in process CPU time
/// (less disturbed than wall time when other work shares the cores; it includes GC threads) and
/// exact allocated bytes (this thread's allocation counter). BenchmarkDotNet's numbers are the
/// ones to publish.
/// </summary>
internal static class QuickHarness
{
    public static int Run(string[] args)
    {
        int passes = args.Length > 0 && int.TryParse(args[0], out int n) && n > 0 ? n : 15;
        string only = args.Length > 1 ? args[1] : "abc";
        var corpus = DockerfileCorpus.Default;
        var bench = new ParserBenchmarks();
        bench.Setup();
        Console.WriteLine(corpus.Describe());

        var cases = new (char Id, string Name, Func<int> Run)[]
        {
            ('a', "a: syntax tree", bench.SyntaxTree),
            ('b', "b: bytes -> syntax tree", bench.SyntaxTreeFromBytes),
            ('c', "c: typed Dockerfile", bench.TypedDockerfile),
            ('d', "d: lint (all rules)", bench.Lint),
        };

        foreach (var (id, name, run) in cases)
        {
            if (!only.Contains(id))
            {
                continue;
            }

            for (int i = 0; i < 3; i++)
            {
                run();
            }

            var times = new double[passes];
            var cpu = new double[passes];
            long allocated = 0;
            using var process = Process.GetCurrentProcess();
            for (int i = 0; i < passes; i++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                process.Refresh();
                var cpuBefore = process.TotalProcessorTime;
                var sw = Stopwatch.StartNew();
                run();
                times[i] = sw.Elapsed.TotalSeconds;
                process.Refresh();
                cpu[i] = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
                allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            }

            Array.Sort(times);
            Array.Sort(cpu);
            double size = corpus.Size;
            Console.WriteLine(
                $"{name,-26} best {size / times[0] / 1e6,7:F1} MB/s  median {size / times[passes / 2] / 1e6,7:F1} MB/s  cpu {size / cpu[passes / 2] / 1e6,7:F1} MB/s  " +
                $"{allocated / size,6:F2} B/byte ({allocated:N0} B/pass)");
        }

        return 0;
    }
}
