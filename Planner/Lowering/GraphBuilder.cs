using Builder.Cache.Oci;
using Builder.Planner.Model;

namespace Builder.Planner.Lowering;

/// <summary>Collects steps in the order they are planned, one per key: an equal key returns the step planned first.</summary>
internal sealed class GraphBuilder
{
    private readonly Dictionary<Digest, BuildStep> _byKey = [];
    private readonly List<BuildStep> _ordered = [];

    public IReadOnlyList<BuildStep> Steps => _ordered;

    public T Add<T>(T step)
        where T : BuildStep
    {
        if (_byKey.TryGetValue(step.Key, out var existing) && existing is T same)
        {
            return same;
        }

        _byKey[step.Key] = step;
        _ordered.Add(step);
        return step;
    }
}
