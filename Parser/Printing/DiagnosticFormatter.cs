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
    /// <summary>
    /// Longer source lines are shown as a window of this many characters around the span, marked
    /// with "...": a generated or minified line would otherwise be printed whole for every
    /// diagnostic on it.
    /// </summary>
    public const int MaxLineWidth = 160;

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
            AppendSourceLine(sb, diagnostic.Span, text, start);
        }

        if (!string.IsNullOrEmpty(diagnostic.Help))
        {
            sb.Append("  help: ").Append(diagnostic.Help).Append('\n');
        }
    }

    private static void AppendSourceLine(StringBuilder sb, TextSpan span, SourceText text, LinePosition start)
    {
        var starts = text.LineStarts;
        int lineStart = starts[start.Line - 1];
        int lineEnd = start.Line < starts.Length ? starts[start.Line] : text.Length;
        while (lineEnd > lineStart && (text[lineEnd - 1] == '\n' || text[lineEnd - 1] == '\r'))
        {
            lineEnd--;
        }

        int length = lineEnd - lineStart;
        int column = start.Column - 1;
        int from = 0;
        int to = length;
        if (length > MaxLineWidth)
        {
            from = Math.Max(0, Math.Min(column - (MaxLineWidth / 4), length - MaxLineWidth));
            to = from + MaxLineWidth;
            from += from > 0 && SplitsPair(text.Text, lineStart + from) ? 1 : 0;
            to -= to < length && SplitsPair(text.Text, lineStart + to) ? 1 : 0;
        }

        string shown = text.Text.Substring(lineStart + from, to - from).Replace('\t', ' ');
        string before = from > 0 ? "..." : string.Empty;
        sb.Append("  ").Append(before).Append(shown).Append(to < length ? "...\n" : "\n");

        int caretAt = Math.Min(Math.Max(column - from, 0), shown.Length);
        int caretLength = Math.Max(1, Math.Min(span.Length, shown.Length - caretAt));
        sb.Append("  ").Append(' ', before.Length + caretAt).Append('^');
        if (caretLength > 1)
        {
            sb.Append('~', caretLength - 1);
        }

        sb.Append('\n');
    }

    private static bool SplitsPair(string s, int at) => char.IsHighSurrogate(s[at - 1]) && char.IsLowSurrogate(s[at]);
}
