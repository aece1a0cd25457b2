using System.Globalization;
using Builder.Executor.Sandbox;

namespace Builder.Runner.Spec;

/// <summary><c>--memory</c>, <c>--cpus</c> and <c>--pids-limit</c> as the cgroup limits the sandbox applies.</summary>
internal static class Limits
{
    private const ulong CpuPeriod = 100_000;

    public static LinuxResources? From(RunOptions options)
    {
        var memory = options.Memory is { } m ? ParseMemory(m) : (long?)null;
        var cpus = options.Cpus is { } c ? ParseCpus(c) : (double?)null;
        var pids = options.PidsLimit is > 0 ? options.PidsLimit : null;
        if (memory is null && cpus is null && pids is null)
        {
            return null;
        }

        return new LinuxResources(
            // Swap equal to the limit: no swap, so exceeding the limit is an OOM kill rather than paging.
            Memory: memory is { } bytes ? new MemoryResources(bytes, bytes) : null,
            Cpu: cpus is { } n ? new CpuResources((long)Math.Round(n * CpuPeriod), CpuPeriod) : null,
            Pids: pids is { } p ? new PidsResources(p) : null);
    }

    /// <summary>docker's RAMInBytes: a number with an optional b, k, m, g, t suffix (powers of 1024, case ignored, optional trailing b).</summary>
    public static long ParseMemory(string text)
    {
        var t = text.Trim().ToLowerInvariant();
        if (t.EndsWith("b", StringComparison.Ordinal) && t.Length > 1 && !char.IsDigit(t[^2]))
        {
            t = t[..^1];
        }

        long unit = 1;
        if (t.Length > 0 && "bkmgt".IndexOf(t[^1], StringComparison.Ordinal) is var i and >= 0)
        {
            unit = 1L << (10 * i);
            t = t[..^1];
        }

        if (!double.TryParse(t, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number) || number <= 0)
        {
            throw new RunnerException($"invalid --memory \"{text}\": write a size such as 512m or 1g (units b, k, m, g).");
        }

        long bytes = (long)(number * unit);
        if (bytes < 6 * 1024 * 1024)
        {
            throw new RunnerException($"--memory {text} is below the minimum of 6m that docker allows too; give the container at least 6m.");
        }

        return bytes;
    }

    public static double ParseCpus(string text)
    {
        if (!double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var cpus) || cpus <= 0 || cpus > Environment.ProcessorCount)
        {
            throw new RunnerException($"invalid --cpus \"{text}\": give a number above 0 and at most {Environment.ProcessorCount} (this machine's CPUs), e.g. 0.5.");
        }

        return cpus;
    }
}
