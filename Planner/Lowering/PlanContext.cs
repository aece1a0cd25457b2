using System.Collections.Immutable;
using System.Globalization;
using Builder.Cache.Oci;
using Builder.Parser.Text;
using Builder.Planner.Context;
using Builder.Planner.Images;
using Builder.Planner.Keys;
using Builder.Planner.Model;

namespace Builder.Planner.Lowering;

/// <summary>What every stage's lowering shares: options, resolvers, the graph, the planned stages.</summary>
internal sealed class PlanContext(
    PlanOptions options,
    IBaseImageResolver images,
    IContextDigester context,
    Expander expander,
    StageTable stages,
    ImmutableDictionary<string, string> metaArgs)
{
    private readonly Dictionary<string, ImageStep?> _images = new(StringComparer.Ordinal);

    public PlanOptions Options => options;

    public IContextDigester Context => context;

    public Expander Expander => expander;

    public StageTable Stages => stages;

    public ImmutableDictionary<string, string> MetaArgs => metaArgs;

    public GraphBuilder Graph { get; } = new();

    public HashSet<string> ConsumedArgs { get; } = new(StringComparer.Ordinal);

    /// <summary>Planned stages by index, with the builder state they ended in (a child stage starts from it).</summary>
    public Dictionary<int, (StagePlan Plan, StageState State)> Planned { get; } = [];

    public BuildStep? ResolveFrom(string from, TextSpan span, StageState current)
    {
        int? index = null;
        if (int.TryParse(from, NumberStyles.None, CultureInfo.InvariantCulture, out var i))
        {
            if (i < 0 || i >= stages.Count)
            {
                expander.Report(PlannerDiagnostics.StageIndexOutOfRange, span, from);
                return null;
            }

            index = i;
        }
        else if (stages.IndexOf(from) is { } named)
        {
            index = named;
        }

        if (index is { } stageIndex)
        {
            if (!Planned.TryGetValue(stageIndex, out var planned) || stageIndex >= current.Index)
            {
                expander.Report(PlannerDiagnostics.StageNotYetDefined, span, from, current.Name ?? "stage-" + current.Index.ToString(CultureInfo.InvariantCulture));
                return null;
            }

            return planned.Plan.Root;
        }

        return Image(from, span, current.Index, current.Platform);
    }

    /// <summary>An image of the store as a step, keyed by manifest digest and platform (equal content, equal key).</summary>
    public ImageStep? Image(string reference, TextSpan span, int stageIndex, Platform platform)
    {
        if (_images.TryGetValue(reference, out var cached))
        {
            return cached;
        }

        ImageStep? step = null;
        var image = images.Resolve(reference, platform, out var error);
        if (image is null)
        {
            expander.Report(PlannerDiagnostics.ImageNotFound, span, reference, error ?? "not found in the local store");
        }
        else
        {
            var writer = new CacheKeyWriter("image")
                .Key("manifest", image.ManifestDigest)
                .String("platform", platform.ToString());
            step = Graph.Add(new ImageStep(writer.Finish(), stageIndex, span, image, platform) { CreatedBy = "FROM " + reference, KeyInputs = writer.Inputs });
        }

        _images[reference] = step;
        return step;
    }

    public ScratchStep Scratch(int stageIndex, TextSpan span, Platform platform)
    {
        var writer = new CacheKeyWriter("scratch").String("platform", platform.ToString());
        return Graph.Add(new ScratchStep(writer.Finish(), stageIndex, span, platform) { KeyInputs = writer.Inputs });
    }
}
