using Builder.Executor.Caching;
using Builder.Planner.Model;

namespace Builder.Executor.Steps;

/// <summary>
/// Runs one planned step whose inputs are done and returns its result. The seam a scheduler
/// (Planner) drives: the sequential <see cref="ImageBuilder"/> today, a concurrent one later.
/// Implementations must not touch the cache index: recording results is the caller's job.
/// </summary>
public interface IStepExecutor
{
    Task<StepRecord> ExecuteAsync(BuildStep step, CancellationToken cancellationToken);
}
