using System.Collections.Immutable;
using Builder.Cache.Oci;
using Builder.Executor.Context;
using Builder.Planner.Model;

namespace Builder.Executor.Explain;

/// <summary>
/// <c>--explain</c> for one build: the <see cref="ExplainRecord"/> of this plan (saved after a
/// successful build, for the next one to compare with) and, per shown step, the reasons it would
/// miss the cache against the last record.
/// </summary>
internal sealed class BuildExplainer(BuildPlan plan, IReadOnlyDictionary<BuildStep, (int Number, string Name)> shown, BuildContext context)
{
    private readonly Dictionary<BuildStep, ExplainedStep> _steps = Describe(plan, shown, context);

    public ExplainRecord Record(string dockerfile) =>
        new(Path.GetFullPath(dockerfile), [.. _steps.Values.OrderBy(s => s.Id, StringComparer.Ordinal)]);

    public ImmutableDictionary<BuildStep, ImmutableArray<string>> Explain(ExplainRecord? previous, bool noCache)
    {
        var before = previous?.Steps.GroupBy(s => s.Id).ToDictionary(g => g.Key, g => g.First()) ?? [];
        var names = new Dictionary<Digest, string>();
        foreach (var step in previous?.Steps ?? [])
        {
            names[step.Key] = step.Name;
        }

        foreach (var step in _steps.Values)
        {
            names[step.Key] = step.Name;
        }

        string? NameOf(Digest key) => names.TryGetValue(key, out var name) ? name : null;
        return _steps.ToImmutableDictionary(
            p => p.Key,
            p => StepExplainer.Explain(p.Value, before.GetValueOrDefault(p.Value.Id), NameOf, noCache),
            (IEqualityComparer<BuildStep>)ReferenceEqualityComparer.Instance);
    }

    private static Dictionary<BuildStep, ExplainedStep> Describe(BuildPlan plan, IReadOnlyDictionary<BuildStep, (int Number, string Name)> shown, BuildContext context)
    {
        var result = new Dictionary<BuildStep, ExplainedStep>(ReferenceEqualityComparer.Instance);
        foreach (var stage in plan.Stages)
        {
            int ordinal = 0;
            foreach (var step in stage.Steps.Where(shown.ContainsKey))
            {
                ordinal++;
                if (!result.ContainsKey(step))
                {
                    result[step] = Explained(step, $"{stage.Index}:{ordinal}", shown[step].Name, context);
                }
            }
        }

        foreach (var step in plan.Steps.Where(s => shown.ContainsKey(s) && !result.ContainsKey(s)))
        {
            result[step] = Explained(step, "input:" + shown[step].Name, shown[step].Name, context);
        }

        return result;
    }

    private static ExplainedStep Explained(BuildStep step, string id, string name, BuildContext context)
    {
        var files = step is CopyStep { Source: ContextCopySource source } ? new ContextDigester(context).Listing(source.Selection) : (ImmutableArray<ContextFileLine>?)null;
        return new ExplainedStep(id, name, step.Key, step.KeyInputs, files);
    }
}
