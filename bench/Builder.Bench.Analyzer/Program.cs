using System.Collections.Immutable;
using Builder.Analyzers;
using Builder.Bench.Analyzer;
using Builder.Parser;
using Builder.Parser.Lint;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using BuilderText = Builder.Parser.Text.SourceText;

// Usage: Builder.Bench.Analyzer phases|roslyn [--warm N] DOCKERFILE...
//   phases  first use of each layer in turn: analyzer type and descriptors, text, parse, lint checks,
//           then the analyzer through Roslyn's driver (which now only adds the driver and mapping)
//   roslyn  the analyzer through Roslyn's driver on first use, all layers at once
// Both start by running a probe analyzer that makes the same Roslyn calls ours does, so Roslyn's
// own first-use cost is not counted as ours. --warm N then repeats the whole run N times.
if (args.Length < 2 || args[0] is not ("phases" or "roslyn"))
{
    Console.Error.WriteLine("usage: Builder.Bench.Analyzer phases|roslyn [--warm N] DOCKERFILE...");
    return 2;
}

int warm = 20;
var paths = new List<string>();
for (int i = 1; i < args.Length; i++)
{
    if (args[i] == "--warm" && i + 1 < args.Length)
    {
        warm = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
    }
    else
    {
        paths.Add(Path.GetFullPath(args[i]));
    }
}

var files = paths.Select(p => (AdditionalText)new FileText(p)).ToImmutableArray();
var phases = new PhaseTimer();

phases.Run("roslyn warm-up (probe, not counted)", () => RoslynRun.Diagnostics(new ProbeAnalyzer(), files).Length);

DockerfileAnalyzer analyzer = null!;
if (args[0] == "phases")
{
    phases.Run("analyzer type + SupportedDiagnostics", () => (analyzer = new DockerfileAnalyzer()).SupportedDiagnostics.Length);
    var texts = files.Select(f => (f.Path, Text: f.GetText()!.ToString())).ToList();
    BuilderText[] sources = [];
    phases.Run("SourceText.From", () => (sources = texts.Select(t => BuilderText.From(t.Text, t.Path)).ToArray()).Length);
    Dockerfile[] parsed = [];
    phases.Run("Dockerfile.Parse", () => (parsed = sources.Select(s => Dockerfile.Parse(s)).ToArray()).Length);
    var options = LintOptions.Create(enable: ["all"]);
    phases.Run("Linter.Lint (checks)", () => parsed.Sum(p => Linter.Lint(p, options).All.Length));
    phases.Run("through Roslyn (driver, ignore files, mapping)", () => RoslynRun.Diagnostics(analyzer, files).Length);
}
else
{
    phases.Run("analyzer through Roslyn, first use", () => RoslynRun.Diagnostics(analyzer = new DockerfileAnalyzer(), files).Length);
}

if (args[0] == "phases")
{
    var texts = files.Select(f => (f.Path, Text: f.GetText()!.ToString())).ToList();
    var options = LintOptions.Create(enable: ["all"]);
    phases.Warm($"warm: text, parse and lint only (median of {warm})", warm, () => texts.Sum(t => Linter.Lint(BuilderText.From(t.Text, t.Path), options).All.Length));
}

phases.Warm($"warm: analyzer through Roslyn (median of {warm})", warm, () => RoslynRun.Diagnostics(new DockerfileAnalyzer(), files).Length);
phases.Warm($"warm: probe through Roslyn (median of {warm})", warm, () => RoslynRun.Diagnostics(new ProbeAnalyzer(), files).Length);
return 0;
