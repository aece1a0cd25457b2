using Builder.Parser.Instructions;
using Builder.Parser.Syntax;

namespace Builder.Parser.Lint.Checks;

/// <summary>
/// Checks that need variable scope: UndefinedArgInFrom and InvalidDefaultArgInFrom on FROM lines
/// (global ARGs), UndefinedVar on the instructions BuildKit expands (not RUN/CMD/ENTRYPOINT, whose
/// variables the shell expands at run time).
/// </summary>
internal static class VariableChecks
{
    private static readonly string[] PlatformArgs =
    [
        "BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT",
        "TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT",
    ];

    public static void Run(LintContext context)
    {
        var file = context.File;
        var declared = new Scope();
        var defaults = new Scope { DeclaredIsSet = false };
        foreach (var name in PlatformArgs)
        {
            declared.Declare(name, null);
            defaults.Declare(name, name.EndsWith("PLATFORM", StringComparison.Ordinal) ? "linux/amd64" : "linux");
        }

        foreach (var arg in file.MetaArgs)
        {
            foreach (var d in arg.Arguments)
            {
                string? value = d.Default is { } v ? context.Lexer.ProcessWord(v.Value, defaults).Value : null;
                declared.Declare(d.Name.Value, value);
                defaults.Declare(d.Name.Value, value);
            }
        }

        var stageNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var stage in file.Stages)
        {
            CheckFrom(context, stage.From, declared, defaults, stageNames);
            if (stage.Name is { } name)
            {
                stageNames.Add(name);
            }
        }

        CheckStages(context);
    }

    private static void CheckFrom(LintContext context, FromInstruction from, Scope declared, Scope defaults, HashSet<string> stageNames)
    {
        foreach (var token in from.Platform is { } p ? new[] { p, from.Image } : new[] { from.Image })
        {
            var result = context.Lexer.ProcessWord(token.Value, declared);
            foreach (var missing in result.Unmatched.OrderBy(n => n, StringComparer.Ordinal))
            {
                context.Report(LintRules.UndefinedArgInFrom, token.Span, missing, DidYouMean.Suffix(missing, declared.Names));
            }
        }

        string image = from.Image.Value;
        if (image.IndexOf('$') < 0)
        {
            return;
        }

        var expanded = context.Lexer.ProcessWord(image, defaults);
        if (expanded.Success && (stageNames.Contains(expanded.Value.ToLowerInvariant()) || ImageReference.IsValid(expanded.Value)))
        {
            return;
        }

        context.Report(LintRules.InvalidDefaultArgInFrom, from.Image.Span, image);
    }

    private static void CheckStages(LintContext context)
    {
        var file = context.File;
        var parents = StageParents.Compute(file);
        var finals = new Scope[file.Stages.Length];
        for (int i = 0; i < file.Stages.Length; i++)
        {
            var scope = new Scope(parents[i] >= 0 ? finals[parents[i]] : null);
            scope.Declare("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
            foreach (var instruction in file.Stages[i].Instructions)
            {
                foreach (var token in ExpandedTokens(instruction))
                {
                    Check(context, token, scope);
                }

                Declare(context, instruction, scope);
            }

            finals[i] = scope;
        }
    }

    private static void Check(LintContext context, SyntaxToken token, Scope scope)
    {
        if (token.Value.IndexOf('$') < 0)
        {
            return;
        }

        var result = context.Lexer.ProcessWord(token.Value, scope);
        foreach (var missing in result.Unmatched.OrderBy(n => n, StringComparer.Ordinal))
        {
            context.Report(LintRules.UndefinedVar, token.Span, missing, DidYouMean.Suffix(missing, scope.Names, n => "$" + n));
        }
    }

    private static void Declare(LintContext context, Instruction instruction, Scope scope)
    {
        switch (instruction)
        {
            case ArgInstruction arg:
                foreach (var d in arg.Arguments)
                {
                    scope.Declare(d.Name.Value, d.Default is { } v ? context.Lexer.ProcessWord(v.Value, scope).Value : null);
                }

                break;
            case EnvInstruction env:
                foreach (var v in env.Variables)
                {
                    scope.Declare(v.Key.Value, context.Lexer.ProcessWord(v.Value.Value, scope).Value);
                }

                break;
        }
    }

    private static IEnumerable<SyntaxToken> ExpandedTokens(Instruction instruction) => instruction switch
    {
        EnvInstruction env => env.Variables.Select(v => v.Value),
        LabelInstruction label => label.Labels.SelectMany(l => new[] { l.Key, l.Value }),
        ArgInstruction arg => arg.Arguments.Where(a => a.Default is not null).Select(a => a.Default!.Value),
        CopyInstruction copy => copy.Sources.Append(copy.Destination).Concat(Optional(copy.Options.Chown, copy.Options.Chmod)),
        AddInstruction add => add.Sources.Append(add.Destination).Concat(Optional(add.Options.Chown, add.Options.Chmod)),
        WorkdirInstruction w => [w.Path],
        UserInstruction u => [u.User],
        ExposeInstruction e => e.Ports,
        VolumeInstruction v => v.Paths,
        StopSignalInstruction s => [s.Signal],
        _ => [],
    };

    private static IEnumerable<SyntaxToken> Optional(params SyntaxToken?[] tokens) =>
        tokens.Where(t => t is not null).Select(t => t!.Value);
}
