using System.Collections.Immutable;
using Builder.Cache.Oci;
using Builder.Parser;
using Builder.Parser.Diagnostics;
using Builder.Parser.Shell;
using Builder.Parser.Text;
using Builder.Planner.Context;
using Builder.Planner.Images;
using Builder.Planner.Lowering;
using Builder.Planner.Model;

namespace Builder.Planner;

/// <summary>
/// Lowers a parsed Dockerfile to the build graph: the stages reachable from the target, each
/// instruction expanded as BuildKit expands it, every step keyed (Planner/README.md). Pure: images
/// come from <see cref="IBaseImageResolver"/>, context digests from <see cref="IContextDigester"/>.
/// User mistakes are diagnostics in the plan, never exceptions.
/// </summary>
public static class BuildPlanner
{
    /// <summary>BuildKit's default PATH, set when the base config has none.</summary>
    public const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    public static BuildPlan Plan(Dockerfile dockerfile, PlanOptions options, IBaseImageResolver images, IContextDigester context)
    {
        var diagnostics = ImmutableArray.CreateBuilder<Diagnostic>();
        diagnostics.AddRange(dockerfile.Diagnostics);
        if (dockerfile.HasErrors || dockerfile.Stages.IsEmpty)
        {
            return new BuildPlan([], [], null, diagnostics.ToImmutable());
        }

        var expander = new Expander(new ShellLexer(dockerfile.Syntax.EscapeToken), diagnostics);
        var metaArgs = BuildArgs.MetaArgs(dockerfile.MetaArgs, options, expander);
        var table = StageTable.Build(dockerfile.Stages, metaArgs, options, expander);
        var plan = new PlanContext(options, images, context, expander, table, metaArgs);
        foreach (var name in dockerfile.MetaArgs.SelectMany(a => a.Arguments).Select(d => d.Name.Value))
        {
            plan.ConsumedArgs.Add(name);
        }

        int target = table.Count - 1;
        if (options.Target is { } targetName)
        {
            if (table.IndexOf(targetName) is { } t)
            {
                target = t;
            }
            else
            {
                var known = table.Names.Any() ? " (stages: " + string.Join(", ", table.Names) + ")" : string.Empty;
                expander.Report(PlannerDiagnostics.UnknownTarget, new TextSpan(0, 0), targetName, known);
                return new BuildPlan([], [], null, diagnostics.ToImmutable());
            }
        }

        var reachable = table.Reachable(target, i =>
            expander.Report(PlannerDiagnostics.CircularDependency, table.Stages[i].Stage.From.Span, table.Stages[i].Stage.Name ?? i.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        var stages = ImmutableArray.CreateBuilder<StagePlan>();
        foreach (var index in reachable)
        {
            if (LowerStage(plan, table.Stages[index]) is { } stagePlan)
            {
                stages.Add(stagePlan);
            }
        }

        foreach (var arg in options.BuildArgs.Keys.Order(StringComparer.Ordinal))
        {
            if (!plan.ConsumedArgs.Contains(arg) && !BuildArgs.IsProxy(arg) && !BuildArgs.PlatformArgs(options.Platform, options.BuildArgs).ContainsKey(arg))
            {
                expander.Report(PlannerDiagnostics.UnusedBuildArg, new TextSpan(0, 0), arg);
            }
        }

        var targetPlan = stages.FirstOrDefault(s => s.Index == target);
        if (targetPlan is not null && !options.Labels.IsEmpty)
        {
            // BuildKit adds --label values to the target's config only: no history entry, no key.
            var config = targetPlan.Config.Config;
            var labels = (config.Labels ?? ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal)).SetItems(options.Labels);
            var labelled = targetPlan with { Config = targetPlan.Config with { Config = config with { Labels = labels } } };
            stages[stages.IndexOf(targetPlan)] = labelled;
            targetPlan = labelled;
        }

        return new BuildPlan([.. plan.Graph.Steps], stages.ToImmutable(), targetPlan, diagnostics.ToImmutable());
    }

    private static StagePlan? LowerStage(PlanContext plan, StageInfo info)
    {
        var stage = info.Stage;
        if (info.BaseName is null)
        {
            return null;
        }

        StageState state;
        if (info.BaseStage is { } baseIndex)
        {
            if (!plan.Planned.TryGetValue(baseIndex, out var parent))
            {
                return null;
            }

            state = Inherit(stage.Index, stage.Name, parent.State);
        }
        else if (info.IsScratch)
        {
            var root = plan.Scratch(stage.Index, stage.From.Span, info.Platform);
            state = new StageState(stage.Index, stage.Name, root, EmptyImage(info.Platform), info.Platform);
        }
        else
        {
            if (plan.Image(info.BaseName, stage.From.Image.Span, stage.Index, info.Platform) is not { } image)
            {
                return null;
            }

            state = new StageState(stage.Index, stage.Name, image, image.Image.Config with { Created = null }, info.Platform);
        }

        if (state.Container.GetEnv("PATH") is null)
        {
            state.UpdateContainer(c => c with { Env = StageState.AddEnv(c.Env, "PATH", DefaultPath) });
        }

        if (info.BaseStage is null)
        {
            foreach (var entry in state.Container.Env ?? [])
            {
                var eq = entry.IndexOf('=');
                state.SetEnv(eq < 0 ? entry : entry.Substring(0, eq), eq < 0 ? string.Empty : entry.Substring(eq + 1));
            }
        }

        var lowering = new StageLowering(plan, state);
        if (info.BaseStage is null && state.Container.OnBuild is { IsDefaultOrEmpty: false } triggers)
        {
            OnBuildTriggers.Lower(plan, lowering, stage.From, info.BaseName, triggers);
        }

        foreach (var instruction in stage.Instructions)
        {
            lowering.Lower(instruction);
        }

        var result = new StagePlan(stage.Index, stage.Name, state.Root, lowering.Steps, state.Config);
        plan.Planned[stage.Index] = (result, state);
        return result;
    }

    /// <summary>A stage <c>FROM</c> an earlier one starts from its state: config (ONBUILD not carried), environment, ARGs.</summary>
    private static StageState Inherit(int index, string? name, StageState parent)
    {
        var state = new StageState(index, name, parent.Root, parent.Config, parent.Platform);
        state.UpdateContainer(c => c with { OnBuild = null });
        state.Env.AddRange(parent.Env);
        state.Args.AddRange(parent.Args);
        return state;
    }

    /// <summary>BuildKit's emptyImage: <c>FROM scratch</c>'s config.</summary>
    internal static ImageConfig EmptyImage(Platform platform) => new()
    {
        Architecture = platform.Architecture,
        Os = platform.Os,
        Variant = platform.Variant,
        OsVersion = platform.OsVersion,
        Config = new ContainerConfig { WorkingDir = "/", Env = ["PATH=" + DefaultPath] },
    };
}
