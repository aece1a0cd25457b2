using System.Collections.Immutable;
using System.Text;
using Builder.Parser.Text;

namespace Builder.Parser.Lint.Shell;

/// <summary>A word of a shell command: its value with quotes removed and where it is in the Dockerfile.</summary>
internal readonly record struct ShellWord(string Value, TextSpan Span);

/// <summary>
/// One simple command: its words without leading assignments and redirections, and whether its
/// output is piped into the next command.
/// </summary>
internal sealed record ShellCommand(ImmutableArray<ShellWord> Words, bool PipesIntoNext);

/// <summary>
/// Splits a POSIX shell script into simple commands at <c>; &amp; &amp;&amp; || | ( )</c> and newlines,
/// honouring quotes, escapes, comments, <c>$(...)</c> and backquotes. Offsets stay those of the
/// Dockerfile, so findings point inside RUN lines and heredoc bodies. It does not expand anything:
/// the rules look at command names and literal options only.
/// </summary>
internal sealed class ShellScript
{
    private readonly string _text;
    private readonly int _end;
    private readonly char _lineEscape;
    private readonly Func<int, int> _skipLine;
    private readonly ImmutableArray<ShellCommand>.Builder _commands = ImmutableArray.CreateBuilder<ShellCommand>();
    private readonly ImmutableArray<ShellWord>.Builder _words = ImmutableArray.CreateBuilder<ShellWord>();
    private readonly StringBuilder _word = new();
    private int _pos;

    private ShellScript(string text, int start, int end, char lineEscape, Func<int, int>? skipLine)
    {
        _text = text;
        _pos = start;
        _end = end;
        _lineEscape = lineEscape;
        _skipLine = skipLine ?? (p => p);
    }

    /// <param name="text">The whole Dockerfile text.</param>
    /// <param name="span">The script: a RUN command line or a heredoc body.</param>
    /// <param name="lineEscape">The Dockerfile escape character: with a newline after it, a line continuation.</param>
    /// <param name="skipLine">Maps an offset at a line start to the end of that line when the line is not part of the script (comment lines inside a continued RUN).</param>
    public static ImmutableArray<ShellCommand> Parse(string text, TextSpan span, char lineEscape = '\\', Func<int, int>? skipLine = null)
    {
        var script = new ShellScript(text, span.Start, span.End, lineEscape, skipLine);
        script.Run();
        return script._commands.ToImmutable();
    }

    private void Run()
    {
        bool skipNext = false;
        while (_pos < _end)
        {
            char c = _text[_pos];
            if (c == _lineEscape && IsNewlineAt(_pos + 1))
            {
                _pos = SkipNewline(_pos + 1);
                _pos = _skipLine(_pos);
                continue;
            }

            switch (c)
            {
                case ' ' or '\t' or '\r':
                    _pos++;
                    continue;
                case '\n' or ';' or '(' or ')':
                    _pos++;
                    EndCommand(false);
                    continue;
                case '#':
                    while (_pos < _end && _text[_pos] != '\n')
                    {
                        _pos++;
                    }

                    continue;
                case '&' or '|':
                    bool doubled = _pos + 1 < _end && _text[_pos + 1] == c;
                    _pos += doubled ? 2 : 1;
                    EndCommand(c == '|' && !doubled);
                    continue;
                case '<' or '>':
                    // A redirection: its operator and target are not arguments of the command.
                    while (_pos < _end && _text[_pos] is '<' or '>' or '&' or '|' or '-')
                    {
                        _pos++;
                    }

                    skipNext = _pos >= _end || _text[_pos] is ' ' or '\t';
                    if (!skipNext)
                    {
                        ReadWord();
                    }

                    continue;
            }

            var word = ReadWord();
            if (skipNext)
            {
                skipNext = false;
                continue;
            }

            if (IsRedirectPrefix(word.Value) && _pos < _end && _text[_pos] is '<' or '>')
            {
                continue;
            }

            _words.Add(word);
        }

        EndCommand(false);
    }

    // "2>&1": the fd number before a redirection is not a word.
    private static bool IsRedirectPrefix(string value) => value.Length > 0 && value.All(char.IsDigit);

    private ShellWord ReadWord()
    {
        int start = _pos;
        _word.Clear();
        while (_pos < _end)
        {
            char c = _text[_pos];
            if (c == _lineEscape && IsNewlineAt(_pos + 1))
            {
                _pos = _skipLine(SkipNewline(_pos + 1));
                continue;
            }

            if (c is ' ' or '\t' or '\r' or '\n' or ';' or '&' or '|' or '<' or '>' or '(' or ')')
            {
                break;
            }

            _pos++;
            switch (c)
            {
                case '\\' when _pos < _end:
                    _word.Append(_text[_pos++]);
                    break;
                case '\'':
                    ReadUntil('\'', escapes: false);
                    break;
                case '"':
                    ReadUntil('"', escapes: true);
                    break;
                case '`':
                    _word.Append('`');
                    ReadUntil('`', escapes: true);
                    _word.Append('`');
                    break;
                case '$' when _pos < _end && _text[_pos] == '(':
                    ReadSubstitution();
                    break;
                default:
                    _word.Append(c);
                    break;
            }
        }

        return new ShellWord(_word.ToString(), TextSpan.FromBounds(start, _pos));
    }

    private void ReadUntil(char close, bool escapes)
    {
        while (_pos < _end && _text[_pos] != close)
        {
            if (escapes && _text[_pos] == '\\' && _pos + 1 < _end)
            {
                _pos++;
            }

            _word.Append(_text[_pos++]);
        }

        _pos = Math.Min(_pos + 1, _end);
    }

    // $( ... ) is kept as written: the rules never look inside a substitution.
    private void ReadSubstitution()
    {
        int depth = 0;
        _word.Append('$');
        while (_pos < _end)
        {
            char c = _text[_pos++];
            _word.Append(c);
            if (c == '(')
            {
                depth++;
            }
            else if (c == ')' && --depth == 0)
            {
                return;
            }
        }
    }

    private void EndCommand(bool pipe)
    {
        if (_words.Count > 0)
        {
            _commands.Add(new ShellCommand(_words.ToImmutable(), pipe));
            _words.Clear();
        }
    }

    private bool IsNewlineAt(int i) =>
        i < _end && (_text[i] == '\n' || (_text[i] == '\r' && i + 1 < _end && _text[i + 1] == '\n'));

    private int SkipNewline(int i) => _text[i] == '\r' ? i + 2 : i + 1;
}
