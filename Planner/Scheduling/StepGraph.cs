using Builder.Cache.Oci;
using Builder.Planner.Model;

namespace Builder.Planner.Scheduling;

/// <summary>
/// The steps of a run, one node per distinct key, in a topological order: the given order, with
/// any input that was not given placed before its first reader. The first step seen with a key
/// stands for every step with that key.
/// </summary>
internal sealed class StepGraph
{
    private readonly Dictionary<Digest, Node> _byKey = [];
    private readonly List<Node> _nodes = [];
    private readonly HashSet<Digest> _visiting = [];

    private StepGraph()
    {
    }

    public IReadOnlyList<Node> Nodes => _nodes;

    public static StepGraph Build(IEnumerable<BuildStep> steps)
    {
        var graph = new StepGraph();
        foreach (var step in steps)
        {
            ArgumentNullException.ThrowIfNull(step, nameof(steps));
            graph.Visit(step);
        }

        return graph;
    }

    private Node Visit(BuildStep step)
    {
        if (_byKey.TryGetValue(step.Key, out var known))
        {
            return known;
        }

        if (!_visiting.Add(step.Key))
        {
            throw new ArgumentException($"step {step.Key} depends on itself (through steps with equal keys)", "steps");
        }

        var inputs = new List<Node>();
        foreach (var input in step.Inputs)
        {
            var node = Visit(input);
            if (!inputs.Contains(node))
            {
                inputs.Add(node);
            }
        }

        _visiting.Remove(step.Key);
        var added = new Node(step, _nodes.Count, inputs);
        foreach (var input in inputs)
        {
            input.Readers.Add(added);
        }

        _byKey.Add(step.Key, added);
        _nodes.Add(added);
        return added;
    }

    /// <summary>A distinct step: its inputs and the steps that read it.</summary>
    internal sealed class Node(BuildStep step, int index, List<Node> inputs)
    {
        public BuildStep Step { get; } = step;

        public int Index { get; } = index;

        public IReadOnlyList<Node> Inputs { get; } = inputs;

        public List<Node> Readers { get; } = [];
    }
}
