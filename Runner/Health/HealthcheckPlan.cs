using System.Collections.Immutable;
using System.Globalization;
using Builder.Cache.Oci;

namespace Builder.Runner.Health;

/// <summary>
/// An image's HEALTHCHECK as builder-shim runs it: the command (<c>CMD</c> as given,
/// <c>CMD-SHELL</c> through the image's SHELL or <c>/bin/sh -c</c>, as docker does) and docker's
/// defaults for what the image leaves out (interval and timeout 30 s, start period 0, start
/// interval 5 s, 3 retries).
/// </summary>
internal sealed record HealthcheckPlan(ImmutableArray<string> Args, TimeSpan Interval, TimeSpan Timeout, TimeSpan StartPeriod, TimeSpan StartInterval, int Retries)
{
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan DefaultStartInterval = TimeSpan.FromSeconds(5);
    private const int DefaultRetries = 3;

    /// <summary>The plan for <paramref name="config"/>'s Healthcheck; null when it has none or it is <c>NONE</c>.</summary>
    public static HealthcheckPlan? From(ContainerConfig config)
    {
        if (config.Healthcheck is not { Test: { IsDefaultOrEmpty: false } test } health || test[0] == "NONE")
        {
            return null;
        }

        ImmutableArray<string> args = test[0] switch
        {
            "CMD" when test.Length > 1 => test[1..],
            "CMD-SHELL" when test.Length == 2 => [.. config.Shell is { IsDefaultOrEmpty: false } shell ? shell : ["/bin/sh", "-c"], test[1]],
            _ => throw new RunnerException($"the image's HEALTHCHECK test [{string.Join(", ", test)}] is not CMD with a command, CMD-SHELL with one string, or NONE; rebuild the image with a valid HEALTHCHECK."),
        };
        return new HealthcheckPlan(
            args,
            Duration(health.Interval, DefaultInterval),
            Duration(health.Timeout, DefaultTimeout),
            Duration(health.StartPeriod, TimeSpan.Zero),
            Duration(health.StartInterval, DefaultStartInterval),
            health.Retries is int retries && retries > 0 ? retries : DefaultRetries);
    }

    /// <summary>builder-shim's <c>--health</c> value: INTERVAL,TIMEOUT,START_PERIOD,START_INTERVAL in milliseconds, then RETRIES.</summary>
    public string ShimArgument => string.Join(',', Milliseconds(Interval), Milliseconds(Timeout), Milliseconds(StartPeriod), Milliseconds(StartInterval), Retries.ToString(CultureInfo.InvariantCulture));

    /// <summary>Docker stores nanoseconds; 0 or missing means the default.</summary>
    private static TimeSpan Duration(long? nanoseconds, TimeSpan fallback) => nanoseconds is long ns && ns > 0 ? TimeSpan.FromTicks(Math.Max(1, ns / 100)) : fallback;

    /// <summary>Whole milliseconds, at least 1 for a duration that is not zero (the shim's unit).</summary>
    private static string Milliseconds(TimeSpan span) =>
        (span == TimeSpan.Zero ? 0 : Math.Max(1, (long)span.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);
}
