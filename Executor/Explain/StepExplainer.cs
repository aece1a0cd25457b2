using System.Collections.Immutable;
using Builder.Cache.Oci;
using Builder.Planner.Keys;

namespace Builder.Executor.Explain;

/// <summary>
/// Why a step missed the cache, in terms of its inputs: compares its key fields (and, for a
/// context COPY/ADD, its file listing) with the same step of the last successful build and names
/// what changed: the file, the build arg or ENV value, the step before it, the base image digest,
/// or the instruction's own text.
/// </summary>
internal static class StepExplainer
{
    private const int MaxNamed = 5;

    /// <param name="current">This build's step.</param>
    /// <param name="previous">The same step of the last successful build, if there was one.</param>
    /// <param name="nameOf">A step's display name by key, in this build or the last one (for parents and sources).</param>
    /// <param name="noCache">Whether <c>--no-cache</c> was given.</param>
    public static ImmutableArray<string> Explain(ExplainedStep current, ExplainedStep? previous, Func<Digest, string?> nameOf, bool noCache)
    {
        if (noCache)
        {
            return ["--no-cache: every step runs"];
        }

        if (previous is null)
        {
            return ["no earlier build of this step to compare with"];
        }

        if (previous.Key == current.Key)
        {
            return ["same key as the last build, but its result is not in the cache (pruned, or recorded by a build that failed)"];
        }

        var reasons = ImmutableArray.CreateBuilder<string>();
        var before = previous.Inputs.GroupBy(i => i.Field).ToDictionary(g => g.Key, g => g.First());
        foreach (var input in current.Inputs)
        {
            if (!before.TryGetValue(input.Field, out var old))
            {
                reasons.Add($"{input.Field} is new: {Show(input.Values)}");
            }
            else if (!old.ValueEquals(input))
            {
                reasons.AddRange(Describe(input, old, current, previous, nameOf));
            }
        }

        foreach (var gone in previous.Inputs.Where(i => current.Inputs.All(c => c.Field != i.Field)))
        {
            reasons.Add($"{gone.Field} is gone (was {Show(gone.Values)})");
        }

        return reasons.Count == 0 ? ["the step's kind changed"] : reasons.ToImmutable();
    }

    private static IEnumerable<string> Describe(KeyInput now, KeyInput then, ExplainedStep current, ExplainedStep previous, Func<Digest, string?> nameOf)
    {
        switch (now.Field)
        {
            case "parent":
                yield return "the step before it changed: " + (StepName(now, nameOf) ?? Show(now.Values));
                break;
            case "manifest":
                yield return $"the base image changed: {Show(then.Values)} → {Show(now.Values)}";
                break;
            case "source" when current.Files is { } files && previous.Files is { } oldFiles:
                yield return Files(files, oldFiles);
                break;
            case "source":
                yield return "its source changed: " + (StepName(now, nameOf) ?? Show(now.Values));
                break;
            case "env":
                foreach (var change in Variables(now.Values, then.Values))
                {
                    yield return change;
                }

                break;
            default:
                yield return $"{now.Field} changed: {Show(then.Values)} → {Show(now.Values)}";
                break;
        }
    }

    private static string? StepName(KeyInput input, Func<Digest, string?> nameOf) =>
        input.Values is [var text] && Digest.TryParse(text, out var key) ? nameOf(key) : null;

    private static string Files(ImmutableArray<ContextFileLine> now, ImmutableArray<ContextFileLine> then)
    {
        var old = then.GroupBy(f => f.Path).ToDictionary(g => g.Key, g => g.First().Fingerprint, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var changes = new List<string>();
        foreach (var file in now)
        {
            seen.Add(file.Path);
            if (!old.TryGetValue(file.Path, out var fingerprint))
            {
                changes.Add(file.Path + " (added)");
            }
            else if (fingerprint != file.Fingerprint)
            {
                changes.Add(file.Path + " (changed)");
            }
        }

        changes.AddRange(then.Where(f => !seen.Contains(f.Path)).Select(f => f.Path + " (removed)"));
        if (changes.Count == 0)
        {
            return "its context selection changed (the same files, matched differently)";
        }

        var named = string.Join(", ", changes.Take(MaxNamed));
        return changes.Count > MaxNamed ? $"context files changed: {named} and {changes.Count - MaxNamed} more" : "context files changed: " + named;
    }

    /// <summary>ENV and ARG values the process sees, as <c>K=V</c> lists.</summary>
    private static IEnumerable<string> Variables(ImmutableArray<string> now, ImmutableArray<string> then)
    {
        static Dictionary<string, string> Map(ImmutableArray<string> pairs) =>
            pairs.Select(p => p.Split('=', 2)).GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.Last() is [_, var v] ? v : string.Empty, StringComparer.Ordinal);
        var a = Map(then);
        var b = Map(now);
        foreach (var (name, value) in b)
        {
            if (!a.TryGetValue(name, out var old))
            {
                yield return $"ARG/ENV {name} is new: \"{value}\"";
            }
            else if (old != value)
            {
                yield return $"ARG/ENV {name} changed: \"{old}\" → \"{value}\"";
            }
        }

        foreach (var name in a.Keys.Where(k => !b.ContainsKey(k)))
        {
            yield return $"ARG/ENV {name} is gone";
        }
    }

    private static string Show(ImmutableArray<string> values) => values.IsEmpty ? "(none)" : string.Join(" ", values.Select(v => "\"" + v + "\""));
}
