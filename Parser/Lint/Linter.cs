using System.Collections.Immutable;
using Builder.Parser.Diagnostics;
using Builder.Parser.Lint.Checks;
using Builder.Parser.Text;

namespace Builder.Parser.Lint;

/// <summary>
/// The lint entry point every host calls (CLI, Roslyn analyzer): runs the rule table over a parsed
/// Dockerfile with BuildKit's <c># check=</c> semantics and returns findings as diagnostics.
/// </summary>
public static class Linter
{
    /// <summary>The build arg that replaces the file's <c># check=</c> directive, as in BuildKit.</summary>
    public const string CheckBuildArg = "BUILDKIT_DOCKERFILE_CHECK";

    public static LintResult Lint(SourceText text, LintOptions? options = null) => Lint(Dockerfile.Parse(text), options);

    public static LintResult Lint(Dockerfile file, LintOptions? options = null)
    {
        options ??= LintOptions.Default;
        var directive = options.BuildArgs.TryGetValue(CheckBuildArg, out var fromArg) ? fromArg : file.Syntax.GetDirective("check");
        var context = new LintContext(file, options, CheckConfig.Parse(directive));

        StageChecks.Run(context);
        InstructionChecks.Run(context);
        VariableChecks.Run(context);
        DefinitionDescriptionCheck.Run(context);
        CopyIgnoredFileCheck.Run(context);
        RunChecks.Run(context);

        var findings = context.Findings
            .OrderBy(d => d.Span.Start)
            .ThenBy(d => d.Id, StringComparer.Ordinal)
            .ThenBy(d => d.Message, StringComparer.Ordinal)
            .ToImmutableArray();

        string? violation = null;
        if (context.Config.Error && !findings.IsEmpty)
        {
            var names = findings.Select(f => LintRules.Find(f.Id)!.Name).Distinct(StringComparer.Ordinal);
            violation = "lint violation found for rules: " + string.Join(", ", names);
        }

        // The parser's empty-continuation warning is the NoEmptyContinuation rule's job here, so
        // that '# check=skip=' can silence it.
        var parse = file.Diagnostics.Where(d => d.Id != ParserDiagnostics.EmptyContinuationLine.Id).ToImmutableArray();
        return new LintResult(file.Text, findings, parse, violation);
    }
}
