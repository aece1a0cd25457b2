using System.Collections.Immutable;
using DiagnosticCatalog = Builder.Parser.Diagnostics.DiagnosticCatalog;
using Builder.Parser.Ignore;
using Builder.Parser.Lint;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using BuilderDiagnostic = Builder.Parser.Diagnostics.Diagnostic;
using BuilderSeverity = Builder.Parser.Diagnostics.DiagnosticSeverity;
using BuilderText = Builder.Parser.Text.SourceText;
using RoslynDiagnostic = Microsoft.CodeAnalysis.Diagnostic;
using RoslynSeverity = Microsoft.CodeAnalysis.DiagnosticSeverity;

namespace Builder.Analyzers;

/// <summary>
/// Lints each <c>Dockerfile*</c> additional file with the rule table of Builder.Parser and reports
/// the findings (and the parser's own diagnostics) at their exact line and column. Severities are
/// configured with <c>dotnet_diagnostic.ID.severity</c> in a <c>.globalconfig</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DockerfileAnalyzer : DiagnosticAnalyzer
{
    private const string Category = "Dockerfile";

    private static readonly ImmutableDictionary<string, DiagnosticDescriptor> Descriptors = CreateDescriptors();

    // Static: the compiler server makes a new analyzer instance per compilation.
    private static readonly ImmutableArray<DiagnosticDescriptor> Supported =
        Descriptors.Values.OrderBy(d => d.Id, StringComparer.Ordinal).ToImmutableArray();

    // Roslyn drops rules that are off by default unless configured, so every rule runs here.
    private static readonly LintOptions AllRules = LintOptions.Create(enable: ["all"]);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Supported;

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterAdditionalFileAction(Analyze);
    }

    /// <summary>Whether an additional file is a Dockerfile: <c>Dockerfile</c>, <c>Dockerfile.*</c> or <c>*.dockerfile</c>.</summary>
    public static bool IsDockerfile(string path)
    {
        string name = System.IO.Path.GetFileName(path);
        return name.StartsWith("Dockerfile", StringComparison.OrdinalIgnoreCase) && !name.EndsWith(".dockerignore", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".dockerfile", StringComparison.OrdinalIgnoreCase);
    }

    private static void Analyze(AdditionalFileAnalysisContext context)
    {
        var file = context.AdditionalFile;
        if (!IsDockerfile(file.Path) || file.GetText(context.CancellationToken) is not { } text)
        {
            return;
        }

        var source = BuilderText.From(text.ToString(), file.Path);
        var ignore = FindIgnoreFile(context, file.Path);
        // Create, not `AllRules with { DockerIgnore = ignore }`: this netstandard2.0 analyzer cannot
        // call the parser's init accessors (MissingMethodException in the compiler, AD0001).
        var result = Linter.Lint(source, ignore is null ? AllRules : LintOptions.Create(dockerIgnore: ignore, enable: ["all"]));
        foreach (var finding in result.All)
        {
            context.ReportDiagnostic(ToRoslyn(finding, file.Path, text));
        }
    }

    // The ignore file is an additional file too (the props add it): the analyzer never reads the disk.
    private static IgnoreFile? FindIgnoreFile(AdditionalFileAnalysisContext context, string dockerfile)
    {
        string dir = System.IO.Path.GetDirectoryName(dockerfile) ?? string.Empty;
        string own = dockerfile + ".dockerignore";
        string shared = System.IO.Path.Combine(dir, ".dockerignore");
        AdditionalText? found = null;
        foreach (var additional in context.Options.AdditionalFiles)
        {
            if (string.Equals(additional.Path, own, StringComparison.Ordinal))
            {
                found = additional;
                break;
            }

            if (string.Equals(additional.Path, shared, StringComparison.Ordinal))
            {
                found = additional;
            }
        }

        return found?.GetText(context.CancellationToken) is { } text
            ? IgnoreFile.Parse(BuilderText.From(text.ToString(), found.Path))
            : null;
    }

    private static RoslynDiagnostic ToRoslyn(BuilderDiagnostic finding, string path, SourceText text)
    {
        int start = Math.Min(finding.Span.Start, text.Length);
        int end = Math.Min(finding.Span.End, text.Length);
        var span = TextSpan.FromBounds(start, end);
        var location = Location.Create(path, span, text.Lines.GetLinePositionSpan(span));
        return RoslynDiagnostic.Create(Descriptors[finding.Id], location, ToRoslyn(finding.Severity), null, null, finding.Message);
    }

    private static RoslynSeverity ToRoslyn(BuilderSeverity severity) => severity switch
    {
        BuilderSeverity.Error => RoslynSeverity.Error,
        BuilderSeverity.Warning => RoslynSeverity.Warning,
        BuilderSeverity.Info => RoslynSeverity.Info,
        _ => RoslynSeverity.Hidden,
    };

    private static ImmutableDictionary<string, DiagnosticDescriptor> CreateDescriptors()
    {
        var builder = ImmutableDictionary.CreateBuilder<string, DiagnosticDescriptor>(StringComparer.Ordinal);
        foreach (var rule in LintRules.All)
        {
            // The message is formatted by the rule table: Roslyn gets it whole.
            builder[rule.Id] = new DiagnosticDescriptor(
                rule.Id, rule.Title, "{0}", Category, ToRoslyn(rule.DefaultSeverity),
                isEnabledByDefault: rule.EnabledByDefault && !rule.Experimental,
                description: rule.Description, helpLinkUri: rule.Url ?? rule.HelpLink,
                customTags: rule.IsBuildKit ? ["BuildKit", rule.Name] : [rule.Name]);
        }

        foreach (var d in DiagnosticCatalog.All)
        {
            builder[d.Id] = new DiagnosticDescriptor(
                d.Id, d.Title, "{0}", Category, ToRoslyn(d.DefaultSeverity), isEnabledByDefault: true,
                description: d.Help, helpLinkUri: d.HelpLink);
        }

        return builder.ToImmutable();
    }
}
