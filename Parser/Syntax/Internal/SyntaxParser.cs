using System.Collections.Immutable;
using Builder.Parser.Diagnostics;
using Builder.Parser.Text;

namespace Builder.Parser.Syntax.Internal;

/// <summary>
/// The line loop: directives at the top, comments and blank lines, instructions with their
/// continuation lines, then here-document bodies. Follows BuildKit's parser line for line in
/// what it accepts, and records every physical line so the tree stays lossless.
/// </summary>
internal sealed class SyntaxParser
{
    private readonly SourceText _source;
    private readonly string _text;
    private readonly HashSet<string> _seenDirectives = new(StringComparer.Ordinal);

    // Builders reused for every instruction (a file has hundreds) and, through the thread's cache,
    // for every file: see ParserScratch. Parse is called once per SyntaxParser and gives it back.
    private readonly ParserScratch _scratch;
    private readonly ImmutableArray<SyntaxNode>.Builder _nodes;
    private readonly ImmutableArray<Diagnostic>.Builder _diagnostics;
    private InstructionLineParser? _lineParser;
    private LineReader _reader;
    private char _escape = '\\';
    private bool _directivesDone;

    public SyntaxParser(SourceText source)
    {
        _source = source;
        _text = source.Text;
        _reader = new LineReader(_text);
        _scratch = ParserScratch.Rent();
        _nodes = _scratch.Nodes;
        _diagnostics = _scratch.Diagnostics;
    }

    public DockerfileSyntaxTree Parse()
    {
        bool first = true;
        while (_reader.TryRead(out var line))
        {
            int contentStart = line.Start;
            if (first && _text.Length > 0 && _text[0] == '\uFEFF')
            {
                _nodes.Add(new ByteOrderMarkSyntax(new TextSpan(0, 1)));
                contentStart = 1;
                line = line with { Start = 1 };
            }

            first = false;
            ParseLine(line, contentStart);
        }

        bool hasInstruction = false;
        foreach (var node in _nodes)
        {
            if (node is InstructionSyntax)
            {
                hasInstruction = true;
                break;
            }
        }

        if (!hasInstruction)
        {
            _diagnostics.Add(Diagnostic.Create(ParserDiagnostics.NoInstructions, new TextSpan(_text.Length, 0)));
        }

        var tree = new DockerfileSyntaxTree(_source, _nodes.ToImmutable(), _escape, _diagnostics.ToImmutable());
        ParserScratch.Return(_scratch);
        return tree;
    }

    private void ParseLine(PhysicalLine line, int contentStart)
    {
        int tokenStart = CharClass.SkipSpaces(_text, contentStart, line.ContentEnd);
        int tokenEnd = line.ContentEnd;
        var fullSpan = TextSpan.FromBounds(line.Start, line.End);

        if (!_directivesDone && TryDirective(tokenStart, tokenEnd, fullSpan))
        {
            return;
        }

        _directivesDone = true;
        if (tokenStart < tokenEnd && _text[tokenStart] == '#')
        {
            string comment = _text.Substring(tokenStart + 1, tokenEnd - tokenStart - 1).Trim();
            _nodes.Add(new CommentSyntax(fullSpan, TextSpan.FromBounds(tokenStart, tokenEnd), comment));
            return;
        }

        bool endOfLine = TrimContinuation(tokenStart, tokenEnd, out int partEnd);
        if (endOfLine && partEnd == tokenStart)
        {
            _nodes.Add(new BlankLineSyntax(fullSpan));
            return;
        }

        ParseInstruction(line, tokenStart, partEnd, endOfLine);
    }

    private bool TryDirective(int start, int end, TextSpan fullSpan)
    {
        if (!DirectiveMatcher.TryMatch(_text, start, end, "#", out var m))
        {
            return false;
        }

        string name = _text.Substring(m.NameStart, m.NameEnd - m.NameStart).ToLowerInvariant();
        if (name != "syntax" && name != "escape" && name != "check")
        {
            return false;
        }

        var key = new SyntaxToken(_text.Substring(m.NameStart, m.NameEnd - m.NameStart), TextSpan.FromBounds(m.NameStart, m.NameEnd));
        var value = new SyntaxToken(_text.Substring(m.ValueStart, m.ValueEnd - m.ValueStart), TextSpan.FromBounds(m.ValueStart, m.ValueEnd));
        if (!_seenDirectives.Add(name))
        {
            _diagnostics.Add(Diagnostic.Create(ParserDiagnostics.DuplicateDirective, TextSpan.FromBounds(start, end), name));
        }
        else if (name == "escape")
        {
            if (value.Value == "\\" || value.Value == "`")
            {
                _escape = value.Value[0];
            }
            else
            {
                _diagnostics.Add(Diagnostic.Create(ParserDiagnostics.InvalidEscapeToken, value.Span, value.Value));
            }
        }

        _nodes.Add(new DirectiveSyntax(fullSpan, name, key, value));
        return true;
    }

    /// <summary>
    /// Removes a trailing escape character (and blanks after it) that is not itself escaped.
    /// Returns true when the line does not continue; <paramref name="partEnd"/> is where its text ends.
    /// </summary>
    private bool TrimContinuation(int start, int end, out int partEnd)
    {
        partEnd = end;
        int k = end;
        while (k > start && (_text[k - 1] == ' ' || _text[k - 1] == '\t'))
        {
            k--;
        }

        if (k == start || _text[k - 1] != _escape)
        {
            return true;
        }

        int escapeAt = k - 1;
        if (escapeAt == start)
        {
            partEnd = start;
            return false;
        }

        if (_text[escapeAt - 1] == _escape)
        {
            return true;
        }

        partEnd = escapeAt;
        return false;
    }

    private void ParseInstruction(PhysicalLine first, int start, int partEnd, bool endOfLine)
    {
        var lines = _scratch.Lines;
        lines.Clear();
        lines.Add(new LineSyntax(LineKind.Instruction, TextSpan.FromBounds(first.Start, first.End)));
        var logical = _scratch.Logical;
        logical.Reset();
        logical.AddSegment(new LogicalLine.Segment(0, start, partEnd - start));
        System.Text.StringBuilder? joined = null;
        int lastEnd = first.End;
        int firstEmpty = -1;

        while (!endOfLine && _reader.TryRead(out var next))
        {
            var span = TextSpan.FromBounds(next.Start, next.End);
            lastEnd = next.End;
            int nonBlank = CharClass.SkipSpaces(_text, next.Start, next.ContentEnd);
            if (nonBlank < next.ContentEnd && _text[nonBlank] == '#')
            {
                lines.Add(new LineSyntax(LineKind.Comment, span));
                continue;
            }

            if (nonBlank == next.ContentEnd)
            {
                lines.Add(new LineSyntax(LineKind.EmptyContinuation, span));
                firstEmpty = firstEmpty < 0 ? next.Start : firstEmpty;
                continue;
            }

            endOfLine = TrimContinuation(next.Start, next.ContentEnd, out int nextEnd);
            joined ??= _scratch.Text.Clear().Append(_text, start, partEnd - start);
            logical.AddSegment(new LogicalLine.Segment(joined.Length, next.Start, nextEnd - next.Start));
            joined.Append(_text, next.Start, nextEnd - next.Start);
            lines.Add(new LineSyntax(LineKind.Continuation, span));
        }

        string logicalText = joined?.ToString() ?? _text.Substring(start, partEnd - start);
        logical.SetText(logicalText);
        if (firstEmpty >= 0)
        {
            var at = new TextSpan(firstEmpty, 0);
            _diagnostics.Add(Diagnostic.Create(ParserDiagnostics.EmptyContinuationLine, at, logicalText));
        }

        // Directives come before the first instruction, so the escape character is final here.
        var parser = _lineParser ??= new InstructionLineParser(_scratch, _escape, _diagnostics);
        var instruction = parser.Parse(0, logical.Length, lines.ToImmutable(), TextSpan.FromBounds(first.Start, lastEnd));

        if (instruction.CanContainHeredoc)
        {
            instruction = ReadHeredocs(instruction, logical, lines);
        }

        _nodes.Add(instruction);
    }

    private InstructionSyntax ReadHeredocs(InstructionSyntax instruction, LogicalLine logical, ImmutableArray<LineSyntax>.Builder lines)
    {
        var found = HeredocScanner.FromLine(logical, out var error);
        if (error is not null)
        {
            _diagnostics.Add(Diagnostic.Create(ParserDiagnostics.InvalidHeredoc, instruction.Span, error));
            return instruction;
        }

        if (found.IsEmpty)
        {
            return instruction;
        }

        var heredocs = ImmutableArray.CreateBuilder<HeredocSyntax>(found.Length);
        int end = instruction.FullSpan.End;
        foreach (var h in found)
        {
            int bodyStart = _reader.Position;
            int bodyEnd = bodyStart;
            bool terminated = false;
            var terminator = default(TextSpan);
            while (_reader.TryRead(out var line))
            {
                end = line.End;
                int candidate = line.Start;
                if (h.Chomp)
                {
                    while (candidate < line.ContentEnd && _text[candidate] == '\t')
                    {
                        candidate++;
                    }
                }

                if (line.ContentEnd - candidate == h.Name.Length && string.CompareOrdinal(_text, candidate, h.Name, 0, h.Name.Length) == 0)
                {
                    terminated = true;
                    terminator = TextSpan.FromBounds(line.Start, line.End);
                    lines.Add(new LineSyntax(LineKind.HeredocTerminator, terminator));
                    break;
                }

                bodyEnd = line.End;
                lines.Add(new LineSyntax(LineKind.HeredocBody, TextSpan.FromBounds(line.Start, line.End)));
            }

            if (!terminated)
            {
                // The terminator is missing at the end of the input.
                terminator = new TextSpan(end, 0);
                _diagnostics.Add(Diagnostic.Create(ParserDiagnostics.UnterminatedHeredoc, h.Word.Span, h.Name));
            }

            var body = TextSpan.FromBounds(bodyStart, bodyEnd);
            heredocs.Add(new HeredocSyntax(h.Name, h.Word, h.Expand, h.Chomp, h.FileDescriptor, _source.ToString(body), body, terminator));
            if (!terminated)
            {
                break;
            }
        }

        return instruction with
        {
            FullSpan = TextSpan.FromBounds(instruction.FullSpan.Start, end),
            Heredocs = heredocs.ToImmutable(),
            Lines = lines.ToImmutable(),
        };
    }
}
