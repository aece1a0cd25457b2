using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Builder.Bench.Analyzer;

/// <summary>One analyzer run the way the compiler does it: a compilation, additional files, the driver.</summary>
internal static class RoslynRun
{
    private static readonly MetadataReference CoreLibrary = MetadataReference.CreateFromFile(typeof(object).Assembly.Location);

    public static ImmutableArray<Diagnostic> Diagnostics(DiagnosticAnalyzer analyzer, ImmutableArray<AdditionalText> files)
    {
        var compilation = CSharpCompilation.Create(
            "Consumer",
            [CSharpSyntaxTree.ParseText("namespace Consumer; public static class Class1 { public static int Answer => 42; }")],
            [CoreLibrary],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        return compilation
            .WithAnalyzers([analyzer], new AnalyzerOptions(files))
            .GetAnalyzerDiagnosticsAsync(CancellationToken.None)
            .GetAwaiter().GetResult();
    }
}
