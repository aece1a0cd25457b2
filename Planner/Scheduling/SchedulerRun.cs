using System.Diagnostics;
using System.Threading.Channels;
using Builder.Cache.Oci;
using Node = Builder.Planner.Scheduling.StepGraph.Node;

namespace Builder.Planner.Scheduling;

/// <summary>
/// One run of <see cref="BuildScheduler"/>. A single loop owns all state: it starts ready steps,
/// then waits for the next outcome, so state is never shared between threads; each started step
/// only calls the executor and posts its outcome.
/// </summary>
internal sealed class SchedulerRun(StepGraph graph, IStepExecutor executor, SchedulerOptions options)
{
    private readonly Dictionary<Digest, StepResult> _results = [];
    private readonly PriorityQueue<Node, int> _ready = new();
    private readonly int[] _pendingInputs = new int[graph.Nodes.Count];
    private readonly Channel<Outcome> _outcomes = Channel.CreateUnbounded<Outcome>(
        new UnboundedChannelOptions { SingleReader = true });

    private int _running;
    private StepFailure? _failure;

    public async Task<ScheduleResult> RunAsync(CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        foreach (var node in graph.Nodes)
        {
            _pendingInputs[node.Index] = node.Inputs.Count;
            if (node.Inputs.Count == 0)
            {
                _ready.Enqueue(node, node.Index);
            }
        }

        while (true)
        {
            while (!stop.IsCancellationRequested && _running < options.MaxConcurrency && _ready.TryDequeue(out var node, out _))
            {
                Start(node, stop.Token);
            }

            if (_running == 0)
            {
                break;
            }

            var outcome = await _outcomes.Reader.ReadAsync(CancellationToken.None).ConfigureAwait(false);
            _running--;
            Finish(outcome, stop);
        }

        if (_failure is null && ct.IsCancellationRequested && _results.Count < graph.Nodes.Count)
        {
            throw new OperationCanceledException(ct);
        }

        return new ScheduleResult(_results.AsReadOnly(), _failure);
    }

    private void Start(Node node, CancellationToken token)
    {
        var inputs = new Dictionary<Digest, StepResult>(node.Inputs.Count);
        foreach (var input in node.Inputs)
        {
            inputs.Add(input.Step.Key, _results[input.Step.Key]);
        }

        _running++;
        Report(new StepStarted(node.Step, node.Index));
        _ = Task.Run(() => ExecuteAsync(node, inputs, token), CancellationToken.None);
    }

    /// <summary>Runs on a pool thread; never throws: every ending becomes an <see cref="Outcome"/>.</summary>
    private async Task ExecuteAsync(Node node, Dictionary<Digest, StepResult> inputs, CancellationToken token)
    {
        var started = Stopwatch.GetTimestamp();
        StepResult? result = null;
        Exception? error = null;
        try
        {
            result = await executor.ExecuteAsync(node.Step, inputs, token).ConfigureAwait(false);
            if (result is null)
            {
                error = new InvalidOperationException($"the step executor returned no result for step {node.Step.Key}");
            }
        }
        catch (Exception ex)
        {
            error = ex;
        }

        _outcomes.Writer.TryWrite(new Outcome(node, error is null ? result : null, error, Stopwatch.GetElapsedTime(started)));
    }

    private void Finish(Outcome outcome, CancellationTokenSource stop)
    {
        var node = outcome.Node;
        if (outcome.Result is { } result)
        {
            _results.Add(node.Step.Key, result);
            Report(result.Cached
                ? new StepCached(node.Step, node.Index)
                : new StepCompleted(node.Step, node.Index, outcome.Duration));
            foreach (var reader in node.Readers)
            {
                if (--_pendingInputs[reader.Index] == 0)
                {
                    _ready.Enqueue(reader, reader.Index);
                }
            }

            return;
        }

        var error = outcome.Error!;
        if (error is OperationCanceledException && stop.IsCancellationRequested)
        {
            Report(new StepCanceled(node.Step, node.Index));
            return;
        }

        Report(new StepFailed(node.Step, node.Index, error));
        if (!stop.IsCancellationRequested)
        {
            _failure = new StepFailure(node.Step, error);
            try
            {
                stop.Cancel();
            }
            catch (AggregateException)
            {
                // A step's cancellation callback threw; that step still posts its own outcome.
            }
        }
    }

    private void Report(ProgressEvent progress) => options.Progress?.Report(progress);

    private sealed record Outcome(Node Node, StepResult? Result, Exception? Error, TimeSpan Duration);
}
