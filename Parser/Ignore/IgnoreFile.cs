using System.Collections.Immutable;
using Builder.Parser.Diagnostics;
using Builder.Parser.Text;

namespace Builder.Parser.Ignore;

/// <summary>
/// One pattern line of an ignore file.
/// </summary>
/// <param name="Pattern">The pattern after trimming and cleaning, without the <c>!</c>.</param>
/// <param name="Exclusion">True when the line starts with <c>!</c> (re-include).</param>
/// <param name="Span">The whole line in the file, without its line break (and without a BOM).</param>
public sealed record IgnorePattern(string Pattern, bool Exclusion, TextSpan Span)
{
    /// <summary>The entry as patternmatcher's <c>ignorefile.ReadAll</c> returns it: <c>!</c> + pattern for exclusions.</summary>
    public string Text => Exclusion ? "!" + Pattern : Pattern;

    public override string ToString() => Text;
}

/// <summary>
/// A parsed <c>.dockerignore</c> file: the patterns exactly as moby/patternmatcher's
/// <c>ignorefile.ReadAll</c> produces them, with their lines, plus diagnostics for lines that
/// would make Docker fail or that can never match.
/// </summary>
/// <remarks>
/// Reading rules: lines end at <c>\n</c> and lose one trailing <c>\r</c>; a UTF-8 BOM is dropped
/// from the first line; a line whose first character is <c>#</c> is a comment; the rest are
/// trimmed of white space and skipped when empty; a leading <c>!</c> is kept and the text after it
/// trimmed again; that text is cleaned like a path and loses one leading <c>/</c> (unless it is
/// just <c>/</c>). A lone <c>!</c> is passed through as upstream does, and reported.
/// </remarks>
public sealed record IgnoreFile(ImmutableArray<IgnorePattern> Patterns, ImmutableArray<Diagnostic> Diagnostics)
{
    /// <summary>Go's <c>bufio.MaxScanTokenSize</c>: a line this long (in bytes) cannot be read.</summary>
    private const int MaxLineBytes = 64 * 1024;

    /// <summary>No patterns, no diagnostics: what a missing ignore file means.</summary>
    public static IgnoreFile Empty { get; } = new(ImmutableArray<IgnorePattern>.Empty, ImmutableArray<Diagnostic>.Empty);

    public static IgnoreFile Parse(SourceText? text)
    {
        if (text is null)
        {
            return Empty;
        }

        string s = text.Text;
        var patterns = ImmutableArray.CreateBuilder<IgnorePattern>();
        var diagnostics = ImmutableArray.CreateBuilder<Diagnostic>();
        int pos = 0;
        bool firstLine = true;
        while (pos < s.Length)
        {
            int newline = s.IndexOf('\n', pos);
            int end = newline < 0 ? s.Length : newline;
            int lineStart = pos;
            pos = newline < 0 ? s.Length : newline + 1;

            int byteLength = Utf8Length(s, lineStart, end);
            if (byteLength >= MaxLineBytes)
            {
                diagnostics.Add(Diagnostic.Create(IgnoreDiagnostics.LineTooLong, TextSpan.FromBounds(lineStart, end), byteLength));
            }

            int contentEnd = end > lineStart && s[end - 1] == '\r' ? end - 1 : end;
            if (firstLine && lineStart < contentEnd && s[lineStart] == '\uFEFF')
            {
                lineStart++;
            }

            firstLine = false;
            if (lineStart < contentEnd && s[lineStart] == '#')
            {
                continue;
            }

            int start = lineStart;
            int stop = contentEnd;
            while (start < stop && GoPath.IsSpace(s[start]))
            {
                start++;
            }

            while (stop > start && GoPath.IsSpace(s[stop - 1]))
            {
                stop--;
            }

            if (start == stop)
            {
                continue;
            }

            bool exclusion = s[start] == '!';
            string pattern = s.Substring(start, stop - start);
            if (exclusion)
            {
                pattern = GoPath.TrimSpace(pattern.Substring(1));
            }

            if (pattern.Length > 0)
            {
                pattern = GoPath.Clean(pattern);
                if (pattern.Length > 1 && pattern[0] == '/')
                {
                    pattern = pattern.Substring(1);
                }
            }

            var entry = new IgnorePattern(pattern, exclusion, TextSpan.FromBounds(lineStart, contentEnd));
            Check(entry, patterns.Count, TextSpan.FromBounds(start, stop), diagnostics);
            patterns.Add(entry);
        }

        return new IgnoreFile(patterns.ToImmutable(), diagnostics.ToImmutable());
    }

    /// <summary>The entries as <c>ignorefile.ReadAll</c> returns them.</summary>
    public ImmutableArray<string> ToPatternList() => Patterns.Select(p => p.Text).ToImmutableArray();

    /// <summary>Builds the matcher Docker would build from this file.</summary>
    public PatternMatcherResult CreateMatcher() => PatternMatcher.Create(ToPatternList());

    // Runs the entry through the matcher's own compilation, so diagnostics and behaviour agree.
    private static void Check(IgnorePattern entry, int index, TextSpan span, ImmutableArray<Diagnostic>.Builder diagnostics)
    {
        var error = Pattern.TryCreate(entry.Text, index, out var compiled);
        if (error is not null)
        {
            diagnostics.Add(error.Kind == PatternErrorKind.IllegalExclusion
                ? Diagnostic.Create(IgnoreDiagnostics.ExclusionWithoutPattern, span, entry.Text)
                : Diagnostic.Create(IgnoreDiagnostics.InvalidPattern, span, entry.Text, error.Detail));
            return;
        }

        if (compiled is null)
        {
            return;
        }

        if (compiled.MatchError is not null)
        {
            diagnostics.Add(Diagnostic.Create(IgnoreDiagnostics.PatternFailsWhenMatched, span, entry.Text, compiled.MatchError.Detail));
        }
        else if (compiled.CleanedPattern == ".." || compiled.CleanedPattern.StartsWith("../", StringComparison.Ordinal))
        {
            diagnostics.Add(Diagnostic.Create(IgnoreDiagnostics.PatternOutsideContext, span, entry.Text));
        }
    }

    // Bytes the line occupies in the file; a lone surrogate stands for one raw byte.
    private static int Utf8Length(string s, int start, int end)
    {
        int bytes = 0;
        for (int i = start; i < end; i++)
        {
            char c = s[i];
            if (c < 0x80)
            {
                bytes++;
            }
            else if (c < 0x800)
            {
                bytes += 2;
            }
            else if (char.IsHighSurrogate(c) && i + 1 < end && char.IsLowSurrogate(s[i + 1]))
            {
                bytes += 4;
                i++;
            }
            else
            {
                bytes += char.IsSurrogate(c) ? 1 : 3;
            }
        }

        return bytes;
    }
}
