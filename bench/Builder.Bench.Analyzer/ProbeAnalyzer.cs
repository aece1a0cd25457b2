using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Builder.Bench.Analyzer;

/// <summary>
/// Makes the Roslyn calls DockerfileAnalyzer makes (additional file action, text, line map,
/// location, one diagnostic per file) and nothing else: run first, it takes Roslyn's own first-use
/// cost out of the numbers; run warm, it is the floor any additional-file analyzer pays.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class ProbeAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Rule = new(
        "PROBE001", "Probe", "{0}", "Probe", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Rule];

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterAdditionalFileAction(static context =>
        {
            var file = context.AdditionalFile;
            if (file.GetText(context.CancellationToken) is not { } text)
            {
                return;
            }

            string contents = text.ToString();
            var span = TextSpan.FromBounds(0, Math.Min(4, contents.Length));
            var location = Location.Create(file.Path, span, text.Lines.GetLinePositionSpan(span));
            context.ReportDiagnostic(Diagnostic.Create(Rule, location, DiagnosticSeverity.Warning, null, null, "probe"));
        });
    }
}
