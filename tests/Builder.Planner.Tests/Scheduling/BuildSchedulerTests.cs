using Builder.Planner.Model;
using Builder.Planner.Scheduling;
using Xunit;

namespace Builder.Planner.Tests.Scheduling;

public sealed class BuildSchedulerTests
{
    [Fact]
    public async Task Steps_start_only_after_all_their_inputs_completed_and_see_their_results()
    {
        var r = TestStep.Of("R");
        var a = TestStep.Of("A", r);
        var b = TestStep.Of("B", r);
        var c = TestStep.Of("C", a, b);
        var d = TestStep.Of("D", c);
        var e = TestStep.Of("E");
        TestStep[] all = [r, a, b, c, d, e];
        var executor = new FakeExecutor();

        var result = await BuildScheduler.RunAsync(all, executor, new SchedulerOptions { MaxConcurrency = 4 }).Guarded();

        Assert.True(result.Succeeded);
        Assert.Equal(all.Length, result.Results.Count);
        foreach (var step in all)
        {
            Assert.Equal(1, executor.Calls[step.Key]);
            Assert.Equal(step.Name, result.Results[step.Key].Value);
            var before = executor.CompletedBefore[step.Name];
            var inputs = executor.Seen.Single(s => s.Name == step.Name).Inputs;
            Assert.Equal(step.Deps.Select(x => x.Key).Order(), inputs.Keys.Order());
            foreach (var dep in step.Deps.Cast<TestStep>())
            {
                Assert.Contains(dep.Name, before);
                Assert.Equal(dep.Name, inputs[dep.Key].Value);
            }
        }
    }

    [Fact]
    public async Task Inputs_missing_from_the_given_steps_are_run_first()
    {
        var r = TestStep.Of("R");
        var a = TestStep.Of("A", r);
        var b = TestStep.Of("B", a);
        var executor = new FakeExecutor();

        var result = await BuildScheduler.RunAsync([b], executor, new SchedulerOptions { MaxConcurrency = 2 }).Guarded();

        Assert.True(result.Succeeded);
        Assert.Equal(["R", "A", "B"], executor.Started);
        Assert.Equal(3, result.Results.Count);
    }

    [Fact]
    public async Task Never_runs_more_steps_at_once_than_MaxConcurrency()
    {
        var steps = Enumerable.Range(0, 6).Select(i => TestStep.Of($"S{i}")).ToArray();
        var executor = new FakeExecutor();
        foreach (var s in steps)
        {
            executor.Gated.Add(s.Name);
        }

        var run = BuildScheduler.RunAsync(steps, executor, new SchedulerOptions { MaxConcurrency = 2 });
        await executor.GateOf("S0").Started.Task.Guarded();
        await executor.GateOf("S1").Started.Task.Guarded();
        for (var i = 0; i < steps.Length; i++)
        {
            // Ready steps start in graph order: finishing S(i) frees the slot for S(i+2).
            executor.GateOf($"S{i}").Release.SetResult(new StepResult(i));
            if (i + 2 < steps.Length)
            {
                await executor.GateOf($"S{i + 2}").Started.Task.Guarded();
            }
        }

        var result = await run.Guarded();

        Assert.True(result.Succeeded);
        Assert.Equal(6, result.Results.Count);
        Assert.Equal(2, executor.MaxInFlight);
        Assert.Equal(steps.Select(s => s.Name), executor.Started.Order());
    }

    [Fact]
    public async Task Independent_branches_run_at_the_same_time()
    {
        var r = TestStep.Of("R");
        var x = TestStep.Of("X", r);
        var y = TestStep.Of("Y", r);
        var executor = new FakeExecutor { Gated = { "X", "Y" } };

        var run = BuildScheduler.RunAsync([r, x, y], executor, new SchedulerOptions { MaxConcurrency = 2 });
        // Both are called before either is allowed to finish: a serial scheduler would hang here.
        await executor.GateOf("X").Started.Task.Guarded();
        await executor.GateOf("Y").Started.Task.Guarded();
        executor.GateOf("Y").Release.SetResult(new StepResult("y"));
        executor.GateOf("X").Release.SetResult(new StepResult("x"));
        var result = await run.Guarded();

        Assert.True(result.Succeeded);
        Assert.Equal("x", result.Results[x.Key].Value);
        Assert.Equal("y", result.Results[y.Key].Value);
        Assert.Equal(2, executor.MaxInFlight);
    }

    [Fact]
    public async Task Steps_with_equal_keys_run_once_and_share_the_result()
    {
        var first = TestStep.WithKey("A1", "shared");
        var second = TestStep.WithKey("A2", "shared");
        var b = TestStep.Of("B", first);
        var c = TestStep.Of("C", second);
        var executor = new FakeExecutor();
        var sink = new RecordingSink();

        var result = await BuildScheduler.RunAsync([first, second, b, c], executor, new SchedulerOptions { MaxConcurrency = 4, Progress = sink }).Guarded();

        Assert.True(result.Succeeded);
        Assert.Equal(1, executor.Calls[first.Key]);
        Assert.DoesNotContain("A2", executor.Started);
        Assert.Equal(3, result.Results.Count);
        Assert.Equal("A1", result.Results[second.Key].Value);
        foreach (var reader in new[] { "B", "C" })
        {
            var inputs = executor.Seen.Single(s => s.Name == reader).Inputs;
            Assert.Equal("A1", inputs[first.Key].Value);
        }

        Assert.Single(sink.Events.OfType<StepStarted>(), e => e.Step.Key == first.Key);
    }

    [Fact]
    public async Task Ready_steps_in_a_wide_graph_all_run_once_under_a_small_bound()
    {
        var root = TestStep.Of("root");
        var layer = Enumerable.Range(0, 40).Select(i => TestStep.Of($"L{i}", root)).ToArray();
        var join = TestStep.Of("join", layer);
        var executor = new FakeExecutor();

        var result = await BuildScheduler.RunAsync([root, .. layer, join], executor, new SchedulerOptions { MaxConcurrency = 3 }).Guarded();

        Assert.True(result.Succeeded);
        Assert.Equal(42, result.Results.Count);
        Assert.All(executor.Calls.Values, n => Assert.Equal(1, n));
        Assert.InRange(executor.MaxInFlight, 1, 3);
        Assert.Equal(41, executor.CompletedBefore["join"].Length);
    }

    [Fact]
    public async Task Rejects_a_bound_below_one_and_a_step_that_depends_on_its_own_key()
    {
        var a = TestStep.Of("A");
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => BuildScheduler.RunAsync([a], new FakeExecutor(), new SchedulerOptions { MaxConcurrency = 0 }));

        var loop = TestStep.WithKey("B", "A", a);
        await Assert.ThrowsAsync<ArgumentException>(() => BuildScheduler.RunAsync([loop], new FakeExecutor()));
    }

    [Fact]
    public async Task An_empty_graph_succeeds_with_no_results()
    {
        var result = await BuildScheduler.RunAsync(Array.Empty<BuildStep>(), new FakeExecutor()).Guarded();

        Assert.True(result.Succeeded);
        Assert.Empty(result.Results);
    }
}
