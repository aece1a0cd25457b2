using System.Collections.Immutable;
using Builder.Parser.Diagnostics;
using Builder.Parser.Text;

namespace Builder.Parser.Syntax.Internal;

/// <summary>
/// Turns one logical line into an instruction: keyword, flags, then arguments read by the
/// keyword's own rule (<see cref="ArgumentParsers"/>). Offsets are logical; spans are mapped back
/// to the source through the <see cref="LogicalLine"/>.
/// </summary>
internal sealed class InstructionLineParser
{
    private readonly LogicalLine _line;
    private readonly char _escape;
    private readonly ImmutableArray<Diagnostic>.Builder _diagnostics;

    public InstructionLineParser(ParserScratch scratch, char escape, ImmutableArray<Diagnostic>.Builder diagnostics)
    {
        Scratch = scratch;
        _line = scratch.Logical;
        _escape = escape;
        _diagnostics = diagnostics;
    }

    /// <summary>
    /// Builders shared with the whole parse. Results are copied out (ToImmutable gives an exactly
    /// sized array, or the shared empty one) before anything else runs that could reuse them:
    /// ONBUILD parses its trigger with this same parser.
    /// </summary>
    internal ParserScratch Scratch { get; }

    /// <summary>How many instructions deep the arguments being read are: 1 at the top, 2 in an ONBUILD trigger, ...</summary>
    public int Depth { get; private set; }

    /// <summary>Parses logical [start, end); <paramref name="lines"/> and spans are filled in by the caller for the top level.</summary>
    public InstructionSyntax Parse(int start, int end, ImmutableArray<LineSyntax> lines, TextSpan fullSpan)
    {
        string s = _line.Text;
        start = CharClass.SkipSpaces(s, start, end);
        end = CharClass.TrimEndSpaces(s, start, end);

        int keywordEnd = start;
        while (keywordEnd < end && !CharClass.IsBlank(s[keywordEnd]))
        {
            keywordEnd++;
        }

        var (keywordText, command) = KeywordTable.Read(s, start, keywordEnd);
        var keyword = new SyntaxToken(keywordText, _line.ToSourceSpan(start, keywordEnd));

        var flags = ImmutableArray<SyntaxToken>.Empty;
        int argsStart = end;
        if (keywordEnd < end)
        {
            int restStart = keywordEnd;
            while (restStart < end && CharClass.IsBlank(s[restStart]))
            {
                restStart++;
            }

            var scratch = Scratch.Flags;
            scratch.Clear();
            argsStart = FlagExtractor.Extract(_line, restStart, end, scratch, Scratch.Text);
            flags = scratch.ToImmutable();
        }

        argsStart = CharClass.SkipSpaces(s, argsStart, end);
        var args = new ArgumentParsers(_line, _escape, _diagnostics, this);
        Depth++;
        var result = args.Parse(command, argsStart, end);
        Depth--;

        var span = _line.ToSourceSpan(start, end);
        return new InstructionSyntax(lines.IsDefaultOrEmpty ? span : fullSpan)
        {
            Span = span,
            Keyword = keyword,
            Command = command,
            Flags = flags,
            Arguments = result.Arguments,
            KeyValues = result.KeyValues,
            Form = result.Form,
            Child = result.Child,
            HealthCheckIsJson = result.HealthCheckIsJson,
            Lines = lines.IsDefault ? ImmutableArray<LineSyntax>.Empty : lines,
            Original = lines.IsDefaultOrEmpty ? s.Substring(start, end - start) : s,
            ArgumentsSpan = _line.ToSourceSpan(argsStart, end),
        };
    }
}
