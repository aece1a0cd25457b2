using System.Globalization;

namespace Builder.Parser.Tests.Robustness;

/// <summary>
/// How many inputs to run and from which seed, read from the environment:
/// <c>BUILDER_FUZZ_ITERATIONS</c> (default 5000, what CI runs), <c>BUILDER_FUZZ_SEED</c> (default
/// fixed, so CI is reproducible), <c>BUILDER_FUZZ_START</c> (first input number, to replay one
/// input), <c>BUILDER_FUZZ_TIMEOUT</c> (seconds for the whole batch), <c>BUILDER_FUZZ_REPORT</c>
/// (a file that receives the summary) and <c>BUILDER_FUZZ_TRACE=1</c> (write each input to
/// <c>fuzz-failures/current.bin</c> before checking it, for a crash that kills the process).
/// </summary>
internal sealed record FuzzSettings(int Iterations, int Seed, long Start, TimeSpan Timeout, string? ReportPath, bool Trace)
{
    public const int DefaultIterations = 5000;
    public const int DefaultSeed = 20_250_601;

    /// <summary>An input whose two parses together take longer is reported: a hang detector, not a performance bound.</summary>
    public static readonly TimeSpan SlowInput = TimeSpan.FromSeconds(2);

    /// <summary>An input still running after this long is a hang: the batch is abandoned.</summary>
    public static readonly TimeSpan Stall = TimeSpan.FromSeconds(15);

    public static FuzzSettings FromEnvironment()
    {
        int iterations = (int)Number("BUILDER_FUZZ_ITERATIONS", DefaultIterations);
        var timeout = TimeSpan.FromSeconds(Number("BUILDER_FUZZ_TIMEOUT", 120 + (iterations / 50)));
        return new FuzzSettings(
            iterations,
            (int)Number("BUILDER_FUZZ_SEED", DefaultSeed),
            Number("BUILDER_FUZZ_START", 0),
            timeout,
            NonEmpty(Environment.GetEnvironmentVariable("BUILDER_FUZZ_REPORT")),
            Environment.GetEnvironmentVariable("BUILDER_FUZZ_TRACE") == "1");
    }

    /// <summary>Where failing inputs are written: <c>fuzz-failures/</c> in the test's output folder (ignored by git).</summary>
    public static string FailureDirectory => Path.Combine(AppContext.BaseDirectory, "fuzz-failures");

    public string ReplayHint(long index) =>
        $"BUILDER_FUZZ_SEED={Seed} BUILDER_FUZZ_START={index} scripts/fuzz.sh 1";

    private static long Number(string name, long fallback)
    {
        var text = Environment.GetEnvironmentVariable(name);
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value) || value < 0)
        {
            throw new ArgumentException($"{name}={text} is not a non-negative integer.");
        }

        return value;
    }

    private static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
