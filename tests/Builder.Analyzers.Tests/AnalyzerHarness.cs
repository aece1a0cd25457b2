using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Builder.Analyzers.Tests;

/// <summary>Runs <see cref="DockerfileAnalyzer"/> in-process on an empty C# compilation with in-memory additional files.</summary>
internal static class AnalyzerHarness
{
    public static ImmutableArray<Diagnostic> Run(params (string Path, string Text)[] files) =>
        Run(ImmutableDictionary<string, ReportDiagnostic>.Empty, files);

    public static ImmutableArray<Diagnostic> Run(ImmutableDictionary<string, ReportDiagnostic> severities, params (string Path, string Text)[] files)
    {
        var compilation = CSharpCompilation.Create(
            "Consumer",
            [CSharpSyntaxTree.ParseText("class C { }")],
            [MetadataReference.CreateFromFile(typeof(object).Assembly.Location)],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary).WithSpecificDiagnosticOptions(severities));
        var additional = files.Select(f => (AdditionalText)new InMemoryText(f.Path, f.Text)).ToImmutableArray();
        var options = new AnalyzerOptions(additional);
        var withAnalyzers = compilation.WithAnalyzers([new DockerfileAnalyzer()], options);
        return withAnalyzers.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult()
            .OrderBy(d => d.Location.GetLineSpan().Path, StringComparer.Ordinal)
            .ThenBy(d => d.Location.SourceSpan.Start)
            .ThenBy(d => d.Id, StringComparer.Ordinal)
            .ToImmutableArray();
    }

    /// <summary><c>PATH(L,C): severity ID</c>, as the command-line build prints it.</summary>
    public static string Show(Diagnostic d) => d.Id == "AD0001" ? throw new InvalidOperationException(d.GetMessage()) : ShowLocation(d);

    private static string ShowLocation(Diagnostic d)
    {
        var span = d.Location.GetLineSpan();
        return $"{Path.GetFileName(span.Path)}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): {d.Severity.ToString().ToLowerInvariant()} {d.Id}";
    }

    private sealed class InMemoryText(string path, string text) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }
}
