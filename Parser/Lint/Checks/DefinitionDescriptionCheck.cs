using Builder.Parser.Syntax;

namespace Builder.Parser.Lint.Checks;

/// <summary>
/// InvalidDefinitionDescription (experimental, as in BuildKit): a comment directly above an ARG or
/// a named FROM is read as its description and must start with the name it describes.
/// </summary>
internal static class DefinitionDescriptionCheck
{
    public static void Run(LintContext context)
    {
        if (!context.IsEnabled(LintRules.InvalidDefinitionDescription))
        {
            return;
        }

        foreach (var arg in context.File.MetaArgs.Concat(context.File.Stages.SelectMany(s => s.Instructions.OfType<Instructions.ArgInstruction>())))
        {
            Check(context, arg.Syntax, "ARG", arg.Arguments.Select(a => a.Name.Value).ToList());
        }

        foreach (var stage in context.File.Stages)
        {
            if (stage.From.StageName is { } name)
            {
                Check(context, stage.From.Syntax, "FROM", [name.Value]);
            }
        }
    }

    private static void Check(LintContext context, InstructionSyntax instruction, string keyword, List<string> names)
    {
        // Empty '#' lines and '# check=' lines are not descriptions.
        var description = context.CommentsBefore(instruction)
            .Where(c => c.Text.Length > 0 && !c.Text.StartsWith("check=", StringComparison.Ordinal))
            .LastOrDefault();
        if (description is null || names.Count == 0)
        {
            return;
        }

        int space = description.Text.IndexOf(' ');
        string first = space < 0 ? description.Text : description.Text.Substring(0, space);
        if (names.Contains(first, StringComparer.Ordinal))
        {
            return;
        }

        context.Report(LintRules.InvalidDefinitionDescription, instruction.Span, keyword, names.Count > 1 ? "<arg_key>" : names[0]);
    }
}
