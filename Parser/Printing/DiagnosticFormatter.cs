using System.Text;
using Builder.Parser.Diagnostics;
using Builder.Parser.Text;

namespace Builder.Parser.Printing;

/// <summary>
/// Prints a diagnostic the way compilers do: <c>FILE:LINE:COL: severity ID: message</c>, then the
/// source line and a caret under the span, then what to do.
/// </summary>
public static class DiagnosticFormatter
{
    public static string Format(Diagnostic diagnostic, SourceText text)
    {
        var sb = new StringBuilder();
        Append(sb, diagnostic, text);
        return sb.ToString();
    }

    public static void Append(StringBuilder sb, Diagnostic diagnostic, SourceText text)
    {
        var start = text.GetLinePosition(Math.Min(diagnostic.Span.Start, text.Length));
        sb.Append(text.Path).Append(':').Append(start.Line).Append(':').Append(start.Column).Append(": ")
          .Append(diagnostic.Severity.ToString().ToLowerInvariant()).Append(' ').Append(diagnostic.Id).Append(": ")
          .Append(diagnostic.Message).Append('\n');

        if (start.Line <= text.LineStarts.Length)
        {
            string line = text.GetLineText(start.Line);
            string shown = line.Replace('\t', ' ');
            sb.Append("  ").Append(shown).Append('\n');
            int column = start.Column - 1;
            int lineEnd = line.Length;
            int caretLength = Math.Max(1, Math.Min(diagnostic.Span.Length, lineEnd - column));
            sb.Append("  ").Append(' ', Math.Min(column, shown.Length)).Append('^');
            if (caretLength > 1)
            {
                sb.Append('~', caretLength - 1);
            }

            sb.Append('\n');
        }

        if (!string.IsNullOrEmpty(diagnostic.Help))
        {
            sb.Append("  help: ").Append(diagnostic.Help).Append('\n');
        }
    }
}
