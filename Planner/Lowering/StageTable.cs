using System.Collections.Immutable;
using Builder.Cache.Oci;
using Builder.Parser.Instructions;
using Builder.Parser.Shell;

namespace Builder.Planner.Lowering;

/// <summary>A stage with its FROM expanded (meta ARGs only) and the stages it depends on.</summary>
internal sealed record StageInfo(Stage Stage, string? BaseName, Platform Platform, int? BaseStage, ImmutableArray<int> Dependencies)
{
    public bool IsScratch => string.Equals(BaseName, "scratch", StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// The stages of a Dockerfile and their dependency graph (BuildKit's dispatch states):
/// <c>FROM &lt;earlier stage&gt;</c>, <c>COPY --from=&lt;name|index&gt;</c>, <c>RUN --mount=from=&lt;name&gt;</c>.
/// </summary>
internal sealed class StageTable
{
    private readonly Dictionary<string, int> _byName = new(StringComparer.Ordinal);

    private StageTable(ImmutableArray<StageInfo> stages, Dictionary<string, int> byName)
    {
        Stages = stages;
        _byName = byName;
    }

    public ImmutableArray<StageInfo> Stages { get; }

    public int Count => Stages.Length;

    public int? IndexOf(string name) => _byName.TryGetValue(name.ToLowerInvariant(), out var i) ? i : null;

    public IEnumerable<string> Names => _byName.Keys;

    public static StageTable Build(ImmutableArray<Stage> stages, ImmutableDictionary<string, string> metaArgs, PlanOptions options, Expander expander)
    {
        var global = ShellEnvironment.FromDictionary(metaArgs);
        var byName = new Dictionary<string, int>(StringComparer.Ordinal);
        var infos = ImmutableArray.CreateBuilder<StageInfo>();
        foreach (var stage in stages)
        {
            var from = stage.From;
            var baseName = expander.Word(from.Image, global);
            if (baseName is { Length: 0 })
            {
                expander.Report(PlannerDiagnostics.BlankBaseName, from.Image.Span, from.Image.Value);
                baseName = null;
            }

            var platform = options.Platform;
            if (from.Platform is { } platformToken && expander.Word(platformToken, global) is { } text)
            {
                if (Platform.TryParse(text, out var parsed))
                {
                    platform = parsed!;
                }
                else
                {
                    expander.Report(PlannerDiagnostics.InvalidPlatform, platformToken.Span, text, platformToken.Value);
                }
            }

            int? baseStage = baseName is not null && byName.TryGetValue(baseName.ToLowerInvariant(), out var b) ? b : null;
            infos.Add(new StageInfo(stage, baseName, platform, baseStage, []));
            if (stage.Name is { } name)
            {
                byName[name] = stage.Index;
            }
        }

        // COPY --from and RUN --mount=from may name any stage (a later one fails when lowered).
        var table = new StageTable(infos.ToImmutable(), byName);
        var withDeps = table.Stages.Select(info => info with { Dependencies = table.DependenciesOf(info) }).ToImmutableArray();
        return new StageTable(withDeps, byName);
    }

    private ImmutableArray<int> DependenciesOf(StageInfo info)
    {
        var deps = new List<int>();
        if (info.BaseStage is { } b)
        {
            deps.Add(b);
        }

        foreach (var instruction in info.Stage.Instructions)
        {
            var froms = instruction switch
            {
                CopyInstruction { From: { } f } => [f.Value],
                RunInstruction run => run.Mounts.Where(m => m.From is not null).Select(m => m.From!),
                _ => [],
            };
            foreach (var from in froms)
            {
                if (int.TryParse(from, out var index) && index >= 0 && index < Count)
                {
                    deps.Add(index);
                }
                else if (IndexOf(from) is { } named)
                {
                    deps.Add(named);
                }
            }
        }

        return [.. deps.Distinct()];
    }

    /// <summary>Stages reachable from <paramref name="target"/>; a cycle is reported (BuildKit guards the same way) and cut.</summary>
    public ImmutableSortedSet<int> Reachable(int target, Action<int> onCycle)
    {
        var done = new HashSet<int>();
        var active = new HashSet<int>();
        void Visit(int i)
        {
            if (done.Contains(i))
            {
                return;
            }

            if (!active.Add(i))
            {
                onCycle(i);
                return;
            }

            foreach (var d in Stages[i].Dependencies)
            {
                Visit(d);
            }

            active.Remove(i);
            done.Add(i);
        }

        Visit(target);
        return [.. done];
    }
}
