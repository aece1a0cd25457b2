using Builder.Parser;
using Builder.Parser.Instructions;
using Builder.Parser.Text;

namespace Builder.Planner.Lowering;

/// <summary>
/// A base image's ONBUILD triggers (BuildKit's dispatch: they run first in the stage that names
/// the image, then leave the image's config). Their text is not in the Dockerfile, so their steps
/// and diagnostics point at the FROM line, and progress shows them as <c>ONBUILD …</c>.
/// </summary>
internal static class OnBuildTriggers
{
    public static void Lower(PlanContext plan, StageLowering lowering, FromInstruction from, string? image, IReadOnlyList<string> triggers)
    {
        lowering.State.UpdateContainer(c => c with { OnBuild = null });
        using var redirect = plan.Expander.Redirect(from.Span, $"ONBUILD trigger of {image}: ");
        // A FROM line first makes the triggers one stage; nothing of the wrapper reaches the plan.
        var parsed = Dockerfile.Parse(SourceText.From("FROM scratch\n" + string.Join("\n", triggers), "ONBUILD"));
        foreach (var diagnostic in parsed.Diagnostics)
        {
            plan.Expander.Add(diagnostic);
        }

        if (parsed.HasErrors || parsed.Stages.Length != 1)
        {
            return;
        }

        foreach (var instruction in parsed.Stages[0].Instructions)
        {
            lowering.Origin = (from.Span, "ONBUILD " + parsed.Text.ToString(instruction.Span).Trim());
            lowering.Lower(instruction);
        }

        lowering.Origin = null;
    }
}
