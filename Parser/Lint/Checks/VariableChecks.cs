using System.Collections.Immutable;
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
                CheckExpanded(context, instruction, scope);
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

    // The tokens BuildKit expands, in order. Loops, not LINQ: a query over the token struct is
    // generic code that nothing precompiles, jitted on the analyzer's first use in a compiler.
    private static void CheckExpanded(LintContext context, Instruction instruction, Scope scope)
    {
        switch (instruction)
        {
            case EnvInstruction env:
                foreach (var v in env.Variables)
                {
                    Check(context, v.Value, scope);
                }

                break;
            case LabelInstruction label:
                foreach (var l in label.Labels)
                {
                    Check(context, l.Key, scope);
                    Check(context, l.Value, scope);
                }

                break;
            case ArgInstruction arg:
                foreach (var a in arg.Arguments)
                {
                    if (a.Default is { } value)
                    {
                        Check(context, value, scope);
                    }
                }

                break;
            case CopyInstruction copy:
                CheckCopy(context, copy.Sources, copy.Destination, copy.Options, scope);
                break;
            case AddInstruction add:
                CheckCopy(context, add.Sources, add.Destination, add.Options, scope);
                break;
            case WorkdirInstruction w:
                Check(context, w.Path, scope);
                break;
            case UserInstruction u:
                Check(context, u.User, scope);
                break;
            case ExposeInstruction e:
                CheckAll(context, e.Ports, scope);
                break;
            case VolumeInstruction v:
                CheckAll(context, v.Paths, scope);
                break;
            case StopSignalInstruction s:
                Check(context, s.Signal, scope);
                break;
        }
    }

    private static void CheckCopy(LintContext context, ImmutableArray<SyntaxToken> sources, SyntaxToken destination, CopyOptions options, Scope scope)
    {
        CheckAll(context, sources, scope);
        Check(context, destination, scope);
        if (options.Chown is { } chown)
        {
            Check(context, chown, scope);
        }

        if (options.Chmod is { } chmod)
        {
            Check(context, chmod, scope);
        }
    }

    private static void CheckAll(LintContext context, ImmutableArray<SyntaxToken> tokens, Scope scope)
    {
        foreach (var token in tokens)
        {
            Check(context, token, scope);
        }
    }
}
