using Builder.Planner.Scheduling;
using Xunit;

namespace Builder.Planner.Tests.Scheduling;

/// <summary>First failure and Ctrl-C: cancel the running steps, start nothing more, keep no partial results.</summary>
public sealed class SchedulerStopTests
{
    private sealed class Boom() : Exception("boom");

    // R completes; A and B run (bound 2); C waits for a slot; D waits for A.
    private static (TestStep R, TestStep A, TestStep B, TestStep C, TestStep D) Graph()
    {
        var r = TestStep.Of("R");
        var a = TestStep.Of("A", r);
        var b = TestStep.Of("B", r);
        var c = TestStep.Of("C", r);
        var d = TestStep.Of("D", a);
        return (r, a, b, c, d);
    }

    [Fact]
    public async Task First_failure_cancels_running_steps_waits_for_them_and_starts_nothing_more()
    {
        var (r, a, b, c, d) = Graph();
        var executor = new FakeExecutor { Gated = { "A", "B", "C", "D" } };
        var sink = new RecordingSink();

        var run = BuildScheduler.RunAsync([r, a, b, c, d], executor, new SchedulerOptions { MaxConcurrency = 2, Progress = sink });
        var aToken = await executor.GateOf("A").Started.Task.Guarded();
        var bToken = await executor.GateOf("B").Started.Task.Guarded();
        var boom = new Boom();
        executor.GateOf("A").Release.SetException(boom);
        await executor.GateOf("B").TokenFired.Task.Guarded();

        Assert.True(bToken.IsCancellationRequested);
        Assert.False(run.IsCompleted); // B has not returned yet: the scheduler waits for it
        executor.GateOf("B").Release.SetException(new OperationCanceledException(bToken));
        var result = await run.Guarded();

        Assert.False(result.Succeeded);
        Assert.Same(a, result.Failure!.Step);
        Assert.Same(boom, result.Failure.Error);
        Assert.Equal(["A", "B", "R"], executor.Started.Order());
        Assert.Equal([r.Key], result.Results.Keys);
        Assert.Equal(["StepStarted", "StepFailed"], sink.For("A"));
        Assert.Equal(["StepStarted", "StepCanceled"], sink.For("B"));
        Assert.Empty(sink.For("C"));
        Assert.Empty(sink.For("D"));
        Assert.Single(sink.Events.OfType<StepFailed>());
    }

    [Fact]
    public async Task The_first_failure_wins_over_a_later_one()
    {
        var (r, a, b, c, d) = Graph();
        var executor = new FakeExecutor { Gated = { "A", "B", "C", "D" } };
        var sink = new RecordingSink();

        var run = BuildScheduler.RunAsync([r, a, b, c, d], executor, new SchedulerOptions { MaxConcurrency = 2, Progress = sink });
        await executor.GateOf("A").Started.Task.Guarded();
        await executor.GateOf("B").Started.Task.Guarded();
        executor.GateOf("B").Release.SetException(new Boom());
        await executor.GateOf("A").TokenFired.Task.Guarded();
        executor.GateOf("A").Release.SetException(new IOException("killed"));
        var result = await run.Guarded();

        Assert.Same(b, result.Failure!.Step);
        Assert.IsType<Boom>(result.Failure.Error);
        Assert.Equal(["StepStarted", "StepFailed"], sink.For("A"));
        Assert.Equal([r.Key], result.Results.Keys);
    }

    [Fact]
    public async Task A_step_that_completes_despite_the_stop_keeps_its_result_and_unfinished_ones_have_none()
    {
        var (r, a, b, c, d) = Graph();
        var executor = new FakeExecutor { Gated = { "A", "B", "C", "D" } };
        var sink = new RecordingSink();

        var run = BuildScheduler.RunAsync([r, a, b, c, d], executor, new SchedulerOptions { MaxConcurrency = 2, Progress = sink });
        await executor.GateOf("A").Started.Task.Guarded();
        await executor.GateOf("B").Started.Task.Guarded();
        executor.GateOf("A").Release.SetException(new Boom());
        await executor.GateOf("B").TokenFired.Task.Guarded();
        executor.GateOf("B").Release.SetResult(new StepResult("b"));
        var result = await run.Guarded();

        Assert.Same(a, result.Failure!.Step);
        Assert.Equal(new[] { r.Key, b.Key }.Order(), result.Results.Keys.Order());
        Assert.False(result.Results.ContainsKey(a.Key));
        Assert.False(result.Results.ContainsKey(c.Key));
        Assert.False(result.Results.ContainsKey(d.Key));
        Assert.Equal(["StepStarted", "StepCompleted"], sink.For("B"));
        Assert.DoesNotContain("D", executor.Started);
    }

    [Fact]
    public async Task External_cancellation_cancels_running_steps_and_throws()
    {
        var (r, a, b, c, d) = Graph();
        var executor = new FakeExecutor { Gated = { "A", "B", "C", "D" } };
        var sink = new RecordingSink();
        using var cts = new CancellationTokenSource();

        var run = BuildScheduler.RunAsync([r, a, b, c, d], executor, new SchedulerOptions { MaxConcurrency = 2, Progress = sink }, cts.Token);
        var aToken = await executor.GateOf("A").Started.Task.Guarded();
        var bToken = await executor.GateOf("B").Started.Task.Guarded();
        await cts.CancelAsync();
        await executor.GateOf("A").TokenFired.Task.Guarded();
        await executor.GateOf("B").TokenFired.Task.Guarded();

        Assert.False(run.IsCompleted);
        executor.GateOf("A").Release.SetException(new OperationCanceledException(aToken));
        executor.GateOf("B").Release.SetException(new OperationCanceledException(bToken));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.Guarded());

        Assert.Equal(["A", "B", "R"], executor.Started.Order());
        Assert.Equal(["StepStarted", "StepCanceled"], sink.For("A"));
        Assert.Equal(["StepStarted", "StepCanceled"], sink.For("B"));
        Assert.Empty(sink.Events.OfType<StepFailed>());
        Assert.Empty(sink.For("C"));
    }

    [Fact]
    public async Task An_already_cancelled_token_starts_nothing()
    {
        var executor = new FakeExecutor();
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => BuildScheduler.RunAsync([TestStep.Of("A")], executor, null, cts.Token).Guarded());

        Assert.Empty(executor.Started);
    }

    [Fact]
    public async Task A_cancellation_the_scheduler_did_not_ask_for_is_a_failure()
    {
        var a = TestStep.Of("A");
        var executor = new FakeExecutor { Gated = { "A" } };
        var sink = new RecordingSink();

        var run = BuildScheduler.RunAsync([a], executor, new SchedulerOptions { Progress = sink });
        await executor.GateOf("A").Started.Task.Guarded();
        var own = new OperationCanceledException("the step's own timeout");
        executor.GateOf("A").Release.SetException(own);
        var result = await run.Guarded();

        Assert.Same(own, result.Failure!.Error);
        Assert.Equal(["StepStarted", "StepFailed"], sink.For("A"));
    }

    [Fact]
    public async Task Each_step_reports_started_then_exactly_one_ending_with_its_index()
    {
        var r = TestStep.Of("R");
        var a = TestStep.Of("A", r);
        var b = TestStep.Of("B", a);
        var executor = new FakeExecutor { CachedNames = { "R" }, Gated = { "B" } };
        var sink = new RecordingSink();

        var run = BuildScheduler.RunAsync([r, a, b], executor, new SchedulerOptions { MaxConcurrency = 1, Progress = sink });
        await executor.GateOf("B").Started.Task.Guarded();
        executor.GateOf("B").Release.SetException(new Boom());
        await run.Guarded();

        Assert.Equal(["StepStarted", "StepCached"], sink.For("R"));
        Assert.Equal(["StepStarted", "StepCompleted"], sink.For("A"));
        Assert.Equal(["StepStarted", "StepFailed"], sink.For("B"));
        Assert.Equal(
            [("R", 0), ("R", 0), ("A", 1), ("A", 1), ("B", 2), ("B", 2)],
            sink.Events.Select(e => (((TestStep)e.Step).Name, e.Index)));
        Assert.True(sink.Events.OfType<StepCompleted>().Single().Duration >= TimeSpan.Zero);
        Assert.IsType<Boom>(sink.Events.OfType<StepFailed>().Single().Error);
    }
}
