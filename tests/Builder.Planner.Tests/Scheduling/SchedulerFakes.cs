using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text;
using Builder.Cache.Oci;
using Builder.Planner.Model;
using Builder.Planner.Scheduling;

namespace Builder.Planner.Tests.Scheduling;

/// <summary>A step named for tests: its key is derived from <see cref="KeyName"/>, its inputs are given.</summary>
internal sealed record TestStep(string Name, string KeyName, ImmutableArray<BuildStep> Deps)
    : BuildStep(KeyOf(KeyName), Deps.IsDefaultOrEmpty ? null : Deps[0], 0, default)
{
    public override bool HasLayer => true;

    public override IEnumerable<BuildStep> Inputs => Deps;

    public static TestStep Of(string name, params BuildStep[] deps) => new(name, name, [.. deps]);

    public static TestStep WithKey(string name, string keyName, params BuildStep[] deps) => new(name, keyName, [.. deps]);

    public static Digest KeyOf(string keyName) => Digest.Compute(Encoding.UTF8.GetBytes(keyName));
}

/// <summary>
/// One execution of a step, controlled by the test: <see cref="Started"/> completes when the
/// executor is called, <see cref="TokenFired"/> when its token is cancelled; the call returns
/// what the test puts into <see cref="Release"/> (it does not observe the token by itself).
/// </summary>
internal sealed class Gate
{
    public TaskCompletionSource<CancellationToken> Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource TokenFired { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource<StepResult> Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyDictionary<Digest, StepResult>? Inputs { get; set; }
}

/// <summary>
/// A fake executor: steps in <see cref="Gated"/> wait for their gate; others complete at once with
/// their name as value. Counts calls per key and the most steps in flight at once.
/// </summary>
internal sealed class FakeExecutor : IStepExecutor
{
    private int _inFlight;
    private int _maxInFlight;

    public ConcurrentDictionary<string, Gate> Gates { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<Digest, int> Calls { get; } = new();

    public ConcurrentQueue<string> Started { get; } = new();

    public ConcurrentQueue<(string Name, IReadOnlyDictionary<Digest, StepResult> Inputs)> Seen { get; } = new();

    /// <summary>Completed step names in completion order, written before the call returns.</summary>
    public ConcurrentQueue<string> Completed { get; } = new();

    /// <summary>For each started step, the steps whose calls had returned before it was called.</summary>
    public ConcurrentDictionary<string, string[]> CompletedBefore { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Gated { get; } = new(StringComparer.Ordinal);

    public HashSet<string> CachedNames { get; } = new(StringComparer.Ordinal);

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public Gate GateOf(string name) => Gates.GetOrAdd(name, _ => new Gate());

    public async Task<StepResult> ExecuteAsync(BuildStep step, IReadOnlyDictionary<Digest, StepResult> inputs, CancellationToken ct)
    {
        var name = ((TestStep)step).Name;
        var now = Interlocked.Increment(ref _inFlight);
        int max;
        while (now > (max = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, now, max) != max)
        {
        }

        try
        {
            Calls.AddOrUpdate(step.Key, 1, (_, n) => n + 1);
            CompletedBefore[name] = [.. Completed];
            Started.Enqueue(name);
            Seen.Enqueue((name, inputs));
            if (!Gated.Contains(name))
            {
                Completed.Enqueue(name);
                return new StepResult(name, CachedNames.Contains(name));
            }

            var gate = GateOf(name);
            gate.Inputs = inputs;
            using var registration = ct.Register(() => gate.TokenFired.TrySetResult());
            gate.Started.TrySetResult(ct);
            var result = await gate.Release.Task.ConfigureAwait(false);
            Completed.Enqueue(name);
            return result;
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}

/// <summary>Records every event in the order reported.</summary>
internal sealed class RecordingSink : IProgressSink
{
    public ConcurrentQueue<ProgressEvent> Events { get; } = new();

    public void Report(ProgressEvent progress) => Events.Enqueue(progress);

    public IReadOnlyList<string> For(string name) =>
        [.. Events.Where(e => ((TestStep)e.Step).Name == name).Select(e => e.GetType().Name)];
}

internal static class TestWait
{
    /// <summary>A guard against a hung test, not a timing assertion.</summary>
    public static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    public static Task<T> Guarded<T>(this Task<T> task) => task.WaitAsync(Guard);

    public static Task Guarded(this Task task) => task.WaitAsync(Guard);
}
