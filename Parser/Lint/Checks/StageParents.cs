using Builder.Parser.Instructions;

namespace Builder.Parser.Lint.Checks;

/// <summary>Which earlier stage a stage builds on (<c>FROM name</c>), so checks can carry state along.</summary>
internal static class StageParents
{
    /// <summary>For each stage, the index of the earlier stage its FROM names, or -1 for an image.</summary>
    public static int[] Compute(Dockerfile file)
    {
        var stages = file.Stages;
        var parents = new int[stages.Length];
        var byName = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < stages.Length; i++)
        {
            parents[i] = byName.TryGetValue(stages[i].From.Image.Value.ToLowerInvariant(), out int parent) ? parent : -1;
            if (stages[i].Name is { } name && !byName.ContainsKey(name))
            {
                byName[name] = i;
            }
        }

        return parents;
    }

    public static IEnumerable<T> OfType<T>(Stage stage)
        where T : Instruction => stage.Instructions.OfType<T>();
}
