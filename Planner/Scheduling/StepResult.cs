namespace Builder.Planner.Scheduling;

/// <summary>
/// What an executed step leaves for the steps that read it and for the exporter.
/// <see cref="Value"/> is opaque to the Planner: the executor puts its own record there (snapshot,
/// layer descriptor and diff id, config delta) and reads it back from a later step's inputs.
/// <see cref="Cached"/> says the result came from the cache without doing the work (reported as
/// <see cref="StepCached"/> rather than <see cref="StepCompleted"/>). The scheduler measures
/// durations itself, so the executor does not report one.
/// </summary>
public sealed record StepResult(object? Value, bool Cached = false);
