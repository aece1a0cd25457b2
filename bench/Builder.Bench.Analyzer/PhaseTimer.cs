using System.Diagnostics;
using System.Runtime;

namespace Builder.Bench.Analyzer;

/// <summary>
/// Wall time of a phase with the JIT work done meanwhile (methods compiled and JIT time, all threads,
/// from the runtime's own counters): on first use the difference between the two is type loading,
/// static initialisers and running tier-0 code.
/// </summary>
internal sealed class PhaseTimer
{
    public PhaseTimer() =>
        Console.WriteLine($"{"phase",-50} {"wall ms",8} {"JIT ms",8} {"methods",8}  result");

    public void Run(string name, Func<int> phase)
    {
        long methods = JitInfo.GetCompiledMethodCount();
        var jit = JitInfo.GetCompilationTime();
        var clock = Stopwatch.StartNew();
        int result = phase();
        double wall = clock.Elapsed.TotalMilliseconds;
        Console.WriteLine(
            $"{name,-50} {wall,8:F1} {(JitInfo.GetCompilationTime() - jit).TotalMilliseconds,8:F1} " +
            $"{JitInfo.GetCompiledMethodCount() - methods,8}  {result}");
    }

    public void Warm(string name, int runs, Func<int> phase)
    {
        var times = new double[runs];
        int result = 0;
        for (int i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            result = phase();
            times[i] = clock.Elapsed.TotalMilliseconds;
        }

        Array.Sort(times);
        Console.WriteLine($"{name,-50} {times[runs / 2],8:F2} {"",8} {"",8}  {result}");
    }
}
