using Builder.Parser.Diagnostics;
using Builder.Parser.Printing;

namespace Builder.Parser.Lint.Printing;

/// <summary>
/// Findings of one or more files as a JSON array for scripts: <c>file</c>, <c>rule</c> (BuildKit's
/// name where the rule has one; the id for parser diagnostics), <c>id</c>, <c>severity</c>,
/// <c>line</c>, <c>column</c>, <c>endLine</c>, <c>endColumn</c>, <c>message</c>, <c>help</c>.
/// </summary>
public static class LintJson
{
    public static string Write(IEnumerable<LintResult> results)
    {
        var json = new JsonText().StartArray();
        foreach (var result in results)
        {
            foreach (var d in result.All)
            {
                var start = result.Text.GetLinePosition(d.Span.Start);
                var end = result.Text.GetLinePosition(d.Span.End);
                json.StartObject()
                    .Property("file", result.Text.Path)
                    .Property("rule", LintResult.RuleOf(d)?.Name ?? d.Id)
                    .Property("id", d.Id)
                    .Property("severity", SeverityName(d.Severity))
                    .Property("line", start.Line)
                    .Property("column", start.Column)
                    .Property("endLine", end.Line)
                    .Property("endColumn", end.Column)
                    .Property("message", d.Message)
                    .Property("help", d.HelpLink)
                    .EndObject();
            }
        }

        return json.EndArray().ToString() + "\n";
    }

    internal static string SeverityName(DiagnosticSeverity severity) => severity.ToString().ToLowerInvariant();
}
