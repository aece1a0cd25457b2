using System.Collections.Immutable;
using Builder.Parser.Diagnostics;
using Builder.Parser.Printing;

namespace Builder.Parser.Lint.Printing;

/// <summary>
/// Findings as a SARIF 2.1.0 log: one run whose driver lists every lint rule (and any parser
/// diagnostic that occurs) with its metadata and help page, and one result per finding with a
/// region in 1-based lines and columns. Help URIs are relative to the repository root.
/// </summary>
public static class LintSarif
{
    public static string Write(IEnumerable<LintResult> results, string toolVersion)
    {
        var list = results.ToImmutableArray();
        var descriptors = LintRules.All.Select(r => r.Descriptor)
            .Concat(list.SelectMany(r => r.ParseDiagnostics).Select(d => d.Descriptor).Distinct())
            .ToImmutableArray();
        var index = descriptors.Select((d, i) => (d.Id, i)).ToDictionary(x => x.Id, x => x.i);

        var json = new JsonText().StartObject()
            .Property("$schema", "https://json.schemastore.org/sarif-2.1.0.json")
            .Property("version", "2.1.0")
            .Name("runs").StartArray().StartObject()
            .Name("tool").StartObject().Name("driver").StartObject()
            .Property("name", "builder")
            .Property("version", toolVersion)
            .Name("rules").StartArray();
        foreach (var d in descriptors)
        {
            Rule(json, d);
        }

        json.EndArray().EndObject().EndObject().Name("results").StartArray();
        foreach (var result in list)
        {
            foreach (var d in result.All)
            {
                var start = result.Text.GetLinePosition(d.Span.Start);
                var end = result.Text.GetLinePosition(d.Span.End);
                json.StartObject()
                    .Property("ruleId", d.Id)
                    .Property("ruleIndex", index[d.Id])
                    .Property("level", Level(d.Severity))
                    .Name("message").StartObject().Property("text", d.Message).EndObject()
                    .Name("locations").StartArray().StartObject()
                    .Name("physicalLocation").StartObject()
                    .Name("artifactLocation").StartObject().Property("uri", result.Text.Path.Replace('\\', '/')).EndObject()
                    .Name("region").StartObject()
                    .Property("startLine", start.Line).Property("startColumn", start.Column)
                    .Property("endLine", end.Line).Property("endColumn", end.Column)
                    .EndObject().EndObject().EndObject().EndArray().EndObject();
            }
        }

        return json.EndArray().EndObject().EndArray().EndObject().ToString() + "\n";
    }

    private static void Rule(JsonText json, DiagnosticDescriptor d)
    {
        var rule = LintRules.Find(d.Id);
        json.StartObject()
            .Property("id", d.Id)
            .Property("name", rule?.Name ?? d.Id)
            .Name("shortDescription").StartObject().Property("text", d.Title).EndObject()
            .Name("fullDescription").StartObject().Property("text", d.Help).EndObject()
            .Name("messageStrings").StartObject().Name("default").StartObject().Property("text", d.MessageFormat).EndObject().EndObject()
            .Property("helpUri", d.HelpLink)
            .Name("defaultConfiguration").StartObject()
            .Property("enabled", rule is null || (rule.EnabledByDefault && !rule.Experimental))
            .Property("level", Level(d.DefaultSeverity))
            .EndObject();
        if (rule is { IsBuildKit: true })
        {
            json.Name("properties").StartObject().Property("buildkitName", rule.Name);
            if (rule.Url is not null)
            {
                json.Property("upstreamUri", rule.Url);
            }

            json.EndObject();
        }

        json.EndObject();
    }

    private static string Level(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        DiagnosticSeverity.Info => "note",
        _ => "none",
    };
}
