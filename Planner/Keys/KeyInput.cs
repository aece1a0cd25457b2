using System.Collections.Immutable;

namespace Builder.Planner.Keys;

/// <summary>
/// One field of a step's cache key as <see cref="CacheKeyWriter"/> wrote it: the field name and
/// its values (empty for a null string, one value for a string, the items of a list). Kept with
/// the step so <c>--explain</c> can say which input of a key changed between two builds.
/// </summary>
public sealed record KeyInput(string Field, ImmutableArray<string> Values)
{
    public bool ValueEquals(KeyInput other) => Field == other.Field && Values.SequenceEqual(other.Values);

    public override string ToString() => Field + "=" + string.Join(" ", Values);
}
