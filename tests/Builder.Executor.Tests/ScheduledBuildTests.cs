using System.Collections.Concurrent;
using Builder.Cache.Oci;
using Builder.Planner.Model;
using Builder.Planner.Scheduling;
using Xunit;

namespace Builder.Executor.Tests;

/// <summary><c>builder build</c> runs its steps through the Planner's scheduler: concurrency, the bound, failure and cancellation.</summary>
public sealed class ScheduledBuildTests
{
    // ENV and COPY both read only the scratch step, so they are ready together.
    private const string Independent = "FROM scratch\nENV A=1\nCOPY a.txt /a\n";

    [Fact]
    public async Task Independent_steps_run_at_the_same_time()
    {
        using var h = new BuildHarness();
        h.Write("a.txt", "a");
        var events = new Events();
        var gate = new Rendezvous(2);

        var result = await h.BuildAsync(Independent, jobs: 2, inner => new Wrapped(inner, async (step, ct) =>
        {
            if (step is ConfigStep or CopyStep)
            {
                await gate.ArriveAsync(ct); // throws (fails the build) unless both are in flight at once
            }
        }), events);

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics.Select(d => d.Diagnostic.Message)));
        var list = events.List;
        int firstEnd = list.FindIndex(e => e is StepCompleted { Step: ConfigStep or CopyStep });
        Assert.Equal(2, list.Take(firstEnd).Count(e => e is StepStarted { Step: ConfigStep or CopyStep }));
        var root = await h.UnpackAsync(result.Image!);
        Assert.Equal("a", File.ReadAllText(Path.Combine(root, "a")));
    }

    [Fact]
    public async Task Jobs_bounds_the_steps_in_flight()
    {
        using var h = new BuildHarness();
        h.Write("a.txt", "a");
        int inFlight = 0, max = 0;

        var result = await h.BuildAsync(Independent, jobs: 1, inner => new Wrapped(inner, async (_, ct) =>
        {
            int now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref max, now);
            await Task.Delay(50, ct);
            Interlocked.Decrement(ref inFlight);
        }));

        Assert.True(result.Succeeded);
        Assert.Equal(1, max);
    }

    [Fact]
    public async Task A_failing_step_fails_at_its_line_and_records_nothing()
    {
        using var h = new BuildHarness();
        h.Write("a.txt", "a");
        h.Write("b.txt", "b");
        await h.BuildAsync("FROM scratch\nCOPY b.txt /other\n", "test/before:1");
        var before = h.StoreListing();
        const string Dockerfile = "FROM scratch\nCOPY a.txt /a\nCOPY b.txt /b\n";
        int copies = 0;

        var result = await h.BuildAsync(Dockerfile, jobs: 2, inner => new Wrapped(inner, (step, _) =>
            step is CopyStep && Interlocked.Increment(ref copies) == 2 ? throw new IOException("disk on fire") : Task.CompletedTask));

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Diagnostics);
        Assert.Equal("BLD3103", error.Diagnostic.Id);
        Assert.Equal("[2/2] COPY b.txt /b failed: disk on fire", error.Diagnostic.Message);
        Assert.Equal(3, error.Source.GetLinePosition(error.Diagnostic.Span.Start).Line);
        Assert.Contains("ERROR: disk on fire", h.Progress, StringComparison.Ordinal);
        Assert.Equal("DONE", h.StatusOf("COPY a.txt /a")); // it ran, but its layer and record were not kept
        Assert.Equal(before, h.StoreListing());

        var again = await h.BuildAsync(Dockerfile, jobs: 2, decorator: null);
        Assert.True(again.Succeeded);
        Assert.Equal("DONE", h.StatusOf("COPY a.txt /a"));
    }

    [Fact]
    public async Task Cancelling_stops_the_build_and_records_nothing()
    {
        using var h = new BuildHarness();
        h.Write("a.txt", "a");
        h.Write("b.txt", "b");
        var before = h.StoreListing();
        using var cts = new CancellationTokenSource();
        int copies = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => h.BuildAsync("FROM scratch\nCOPY a.txt /a\nCOPY b.txt /b\n", jobs: 2, inner => new Wrapped(inner, async (step, ct) =>
        {
            if (step is CopyStep && Interlocked.Increment(ref copies) == 2)
            {
                await cts.CancelAsync(); // Ctrl-C while the second COPY runs
                await Task.Delay(Timeout.Infinite, ct);
            }
        }), cancellationToken: cts.Token));

        Assert.Contains("CANCELED", h.Progress, StringComparison.Ordinal);
        Assert.Equal(before, h.StoreListing());
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    /// <summary>Runs <c>before</c> ahead of the real executor for every step.</summary>
    private sealed class Wrapped(IStepExecutor inner, Func<BuildStep, CancellationToken, Task> before) : IStepExecutor
    {
        public async Task<StepResult> ExecuteAsync(BuildStep step, IReadOnlyDictionary<Digest, StepResult> inputs, CancellationToken ct)
        {
            await before(step, ct);
            return await inner.ExecuteAsync(step, inputs, ct);
        }
    }

    /// <summary>Lets callers through once <c>count</c> of them are waiting at the same time; fails after 10 s otherwise.</summary>
    private sealed class Rendezvous(int count)
    {
        private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _arrived;

        public async Task ArriveAsync(CancellationToken ct)
        {
            if (Interlocked.Increment(ref _arrived) == count)
            {
                _all.TrySetResult();
            }

            try
            {
                await _all.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
            }
            catch (TimeoutException)
            {
                throw new InvalidOperationException($"only {_arrived} of {count} steps were in flight together");
            }
        }
    }

    private sealed class Events : IProgressSink
    {
        private readonly ConcurrentQueue<ProgressEvent> _events = new();

        public List<ProgressEvent> List => [.. _events];

        public void Report(ProgressEvent progress) => _events.Enqueue(progress);
    }
}
