using Builder.Parser.Instructions;
using Builder.Parser.Syntax;
using Builder.Parser.Text;

namespace Builder.Parser.Lint.Checks;

/// <summary>BuildKit's per-instruction checks that need no variable scope.</summary>
internal static class InstructionChecks
{
    private static readonly string[] SingleUse = ["cmd", "entrypoint", "healthcheck"];

    public static void Run(LintContext context)
    {
        var file = context.File;
        foreach (var instruction in file.Syntax.Instructions)
        {
            foreach (var line in instruction.Lines)
            {
                if (line.Kind == LineKind.EmptyContinuation)
                {
                    context.Report(LintRules.NoEmptyContinuation, LastLine(context.Text, instruction));
                    break;
                }
            }
        }

        foreach (var arg in file.MetaArgs)
        {
            CheckSecrets(context, arg);
        }

        var parents = StageParents.Compute(file);
        var hasShell = new bool[file.Stages.Length];
        var hasWorkdir = new bool[file.Stages.Length];
        for (int i = 0; i < file.Stages.Length; i++)
        {
            var stage = file.Stages[i];
            bool shell = parents[i] >= 0 && hasShell[parents[i]];
            bool workdir = parents[i] >= 0 && hasWorkdir[parents[i]];
            foreach (var instruction in stage.Instructions)
            {
                switch (instruction)
                {
                    case ShellInstruction:
                        shell = true;
                        break;
                    case CmdInstruction { Command.IsExec: false } when !shell:
                    case EntrypointInstruction { Command.IsExec: false } when !shell:
                        context.Report(LintRules.JsonArgsRecommended, instruction.Syntax.Span, instruction.Name.ToUpperInvariant());
                        break;
                    case MaintainerInstruction:
                        context.Report(LintRules.MaintainerDeprecated, instruction.Syntax.Span);
                        break;
                    case WorkdirInstruction w:
                        workdir = CheckWorkdir(context, w, workdir);
                        break;
                    case EnvInstruction or LabelInstruction when instruction.Syntax.Form == ArgumentForm.LegacyKeyValue:
                        context.Report(LintRules.LegacyKeyValueFormat, instruction.Syntax.Span, instruction.Name.ToUpperInvariant());
                        break;
                    case ExposeInstruction expose:
                        CheckExpose(context, expose);
                        break;
                }

                CheckSecrets(context, instruction);
            }

            hasShell[i] = shell;
            hasWorkdir[i] = workdir;
            CheckSingleUse(context, stage);
        }
    }

    private static TextSpan LastLine(SourceText text, InstructionSyntax instruction)
    {
        int end = instruction.FullSpan.End;
        int last = Math.Max(instruction.FullSpan.Start, end - 1);
        int line = text.GetLinePosition(last).Line;
        int start = text.LineStarts[line - 1];
        while (end > start && (text[end - 1] == '\n' || text[end - 1] == '\r'))
        {
            end--;
        }

        return TextSpan.FromBounds(start, end);
    }

    private static bool CheckWorkdir(LintContext context, WorkdirInstruction workdir, bool absoluteSeen)
    {
        string path = workdir.Path.Value;
        if (path.StartsWith("/", StringComparison.Ordinal) || path.StartsWith("$", StringComparison.Ordinal))
        {
            return true;
        }

        if (!absoluteSeen)
        {
            context.Report(LintRules.WorkdirRelativePath, workdir.Path.Span, GoQuote.Quote(path));
        }

        return absoluteSeen;
    }

    private static void CheckExpose(LintContext context, ExposeInstruction expose)
    {
        foreach (var port in expose.Ports)
        {
            string value = port.Value;
            if (value.IndexOf(':') >= 0)
            {
                context.Report(LintRules.ExposeInvalidFormat, port.Span, value);
                continue;
            }

            int slash = value.IndexOf('/');
            if (slash >= 0)
            {
                string proto = value.Substring(slash + 1);
                if (proto != proto.ToLowerInvariant())
                {
                    context.Report(LintRules.ExposeProtoCasing, port.Span, value);
                }
            }
        }
    }

    private static void CheckSingleUse(LintContext context, Stage stage)
    {
        foreach (var name in SingleUse)
        {
            Instruction? previous = null;
            foreach (var instruction in stage.Instructions)
            {
                if (instruction.Name != name)
                {
                    continue;
                }

                if (previous is not null)
                {
                    context.Report(LintRules.MultipleInstructionsDisallowed, previous.Syntax.Span, name.ToUpperInvariant());
                }

                previous = instruction;
            }
        }
    }

    private static void CheckSecrets(LintContext context, Instruction instruction)
    {
        switch (instruction)
        {
            case ArgInstruction arg:
                foreach (var declaration in arg.Arguments)
                {
                    ReportSecret(context, "ARG", declaration.Name);
                }

                break;
            case EnvInstruction env:
                foreach (var variable in env.Variables)
                {
                    ReportSecret(context, "ENV", variable.Key);
                }

                break;
        }
    }

    private static void ReportSecret(LintContext context, string keyword, SyntaxToken name)
    {
        if (SecretNames.IsSecret(name.Value))
        {
            context.Report(LintRules.SecretsUsedInArgOrEnv, name.Span, keyword, GoQuote.Quote(name.Value));
        }
    }
}
