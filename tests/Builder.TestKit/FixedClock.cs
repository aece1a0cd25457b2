namespace Builder.TestKit;

/// <summary>A clock that always says the same time, so outputs with "2 hours ago" or tag times are golden-testable.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
