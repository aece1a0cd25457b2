using System.Collections.Immutable;
using System.Text;

namespace Builder.Parser.Shell;

/// <summary>
/// One run of the lexer over one word: quotes, escapes and word splitting live here, variable
/// expansion in <c>ShellWordProcessor.Parameters.cs</c>.
/// </summary>
/// <remarks>
/// Everything is written into a single <see cref="StringBuilder"/>. A nested word (the <c>w</c> of
/// <c>${v:-w}</c>) is built at the end of that builder, read back, and cut off again. Word
/// splitting only records where words start and end in the builder: every character that reaches
/// the output either belongs to the current word or is a separating space, so each word is a
/// contiguous slice of the output. Instances are cached per thread.
/// </remarks>
internal sealed partial class ShellWordProcessor
{
    private const int EndOfInput = -1;
    private const int MaxCachedCapacity = 8 * 1024;

    [ThreadStatic]
    private static ShellWordProcessor? t_cached;

    private readonly StringBuilder _sb = new(128);
    private readonly ImmutableArray<string>.Builder _words = ImmutableArray.CreateBuilder<string>();
    private string _input = string.Empty;
    private int _pos;
    private IShellEnvironment _env = ShellEnvironment.Empty;
    private char _escape = '\\';
    private bool _rawQuotes;
    private bool _skipUnsetEnv;
    private bool _skipProcessQuotes;
    private bool _rawEscapes;
    private ShellError? _error;
    private ImmutableHashSet<string>.Builder? _matched;
    private ImmutableHashSet<string>.Builder? _unmatched;
    private bool _split;
    private int _wordStart;
    private int _depth;

    public static ShellWordResult ProcessWord(ShellLexer lexer, string word, IShellEnvironment env)
    {
        var p = Rent(lexer, word, env, split: false);
        try
        {
            var ok = p.Run();
            return new ShellWordResult(ok ? p._sb.ToString() : string.Empty, p.MatchedSet(), p.UnmatchedSet(), p._error);
        }
        finally
        {
            Return(p);
        }
    }

    public static ShellWordsResult ProcessWords(ShellLexer lexer, string word, IShellEnvironment env)
    {
        var p = Rent(lexer, word, env, split: true);
        try
        {
            var ok = p.Run();
            var words = ok && p._words.Count > 0 ? p._words.ToImmutable() : ImmutableArray<string>.Empty;
            return new ShellWordsResult(words, p.MatchedSet(), p.UnmatchedSet(), p._error);
        }
        finally
        {
            Return(p);
        }
    }

    private static ShellWordProcessor Rent(ShellLexer lexer, string word, IShellEnvironment env, bool split)
    {
        // Taking the instance out of the cache keeps a re-entrant call (an environment that runs
        // the lexer itself) from sharing state with the outer call.
        var p = t_cached ?? new ShellWordProcessor();
        t_cached = null;
        p._input = word;
        p._env = env;
        p._escape = lexer.EscapeToken;
        p._rawQuotes = lexer.RawQuotes;
        p._rawEscapes = lexer.RawEscapes;
        p._skipUnsetEnv = lexer.SkipUnsetEnv;
        p._skipProcessQuotes = lexer.SkipProcessQuotes;
        p._split = split;
        return p;
    }

    private static void Return(ShellWordProcessor p)
    {
        p._input = string.Empty;
        p._env = ShellEnvironment.Empty;
        p._error = null;
        p._matched = null;
        p._unmatched = null;
        p._words.Clear();
        p._sb.Clear();
        if (p._sb.Capacity <= MaxCachedCapacity)
        {
            t_cached = p;
        }
    }

    private ImmutableHashSet<string> MatchedSet() => _matched?.ToImmutable() ?? ImmutableHashSet<string>.Empty;

    private ImmutableHashSet<string> UnmatchedSet() => _unmatched?.ToImmutable() ?? ImmutableHashSet<string>.Empty;

    private bool Run()
    {
        _sb.EnsureCapacity(_input.Length);
        _wordStart = -1;
        _depth = 0;

        // Go's text/scanner, which BuildKit reads the word with, drops a byte order mark at the very start.
        _pos = _input.Length > 0 && _input[0] == '\uFEFF' ? 1 : 0;
        if (!ProcessUntil(EndOfInput, _rawEscapes))
        {
            return false;
        }

        if (_split && _wordStart >= 0 && _sb.Length > _wordStart)
        {
            EndWord(_sb.Length);
        }

        return true;
    }

    /// <summary>
    /// Processes input up to and including <paramref name="stop"/> (or to the end of the input for
    /// <see cref="EndOfInput"/>), appending the result. <paramref name="rawEscapes"/> applies to
    /// this level and to double quotes inside it.
    /// </summary>
    private bool ProcessUntil(int stop, bool rawEscapes)
    {
        var saved = _rawEscapes;
        _rawEscapes = rawEscapes;
        var ok = ProcessUntilCore(stop);
        _rawEscapes = saved;
        return ok;
    }

    private bool ProcessUntilCore(int stop)
    {
        var input = _input;
        var split = _split && stop == EndOfInput;
        while (_pos < input.Length)
        {
            var ch = input[_pos];
            if (ch == stop)
            {
                _pos++;
                return true;
            }

            var start = _sb.Length;
            if (ch == '$')
            {
                if (!ExpandParameter())
                {
                    return false;
                }

                if (split)
                {
                    AddSplitting(start);
                }

                continue;
            }

            if (!_skipProcessQuotes && (ch == '\'' || ch == '"'))
            {
                if (!(ch == '\'' ? SingleQuoted() : DoubleQuoted()))
                {
                    return false;
                }

                if (split)
                {
                    AddVerbatim(start);
                }

                continue;
            }

            if (split && ch == '<' && _pos + 1 < input.Length && input[_pos + 1] == '<')
            {
                // A heredoc opener keeps the blanks after "<<" so that "<< EOF" stays one word,
                // as BuildKit's lexer does for heredoc detection.
                _sb.Append("<<");
                _pos += 2;
                while (_pos < input.Length && input[_pos] is ' ' or '\t' or '\r' or '\n')
                {
                    _sb.Append(input[_pos++]);
                }

                AddVerbatim(start);
                continue;
            }

            _pos++;
            if (ch == _escape)
            {
                if (_rawEscapes)
                {
                    _sb.Append(ch);
                }

                // The escape token takes the next character literally; at the very end it is dropped.
                if (_pos < input.Length)
                {
                    _sb.Append(input[_pos++]);
                }

                if (split)
                {
                    AddVerbatim(start);
                }

                continue;
            }

            _sb.Append(ch);
            if (split)
            {
                AddSplitting(start);
            }
        }

        if (stop != EndOfInput)
        {
            // Callers turn this into "missing '}'" or "missing '/'".
            return Fail("unexpected end of statement while looking for matching " + (char)stop, _pos);
        }

        return true;
    }

    private bool SingleQuoted()
    {
        var open = _pos++;
        var close = _input.IndexOf('\'', _pos);
        if (close < 0)
        {
            _pos = _input.Length;
            return Fail("unexpected end of statement while looking for matching single-quote", open);
        }

        if (_rawQuotes)
        {
            _sb.Append('\'');
        }

        _sb.Append(_input, _pos, close - _pos);
        if (_rawQuotes)
        {
            _sb.Append('\'');
        }

        _pos = close + 1;
        return true;
    }

    /// <summary>
    /// Inside double quotes only <c>$</c> is expanded, and the escape token escapes only
    /// <c>"</c>, <c>$</c> and itself; before anything else it stays.
    /// </summary>
    private bool DoubleQuoted()
    {
        var input = _input;
        var open = _pos++;
        if (_rawQuotes)
        {
            _sb.Append('"');
        }

        while (true)
        {
            if (_pos >= input.Length)
            {
                return Fail("unexpected end of statement while looking for matching double-quote", open);
            }

            var ch = input[_pos];
            if (ch == '"')
            {
                _pos++;
                if (_rawQuotes)
                {
                    _sb.Append('"');
                }

                return true;
            }

            if (ch == '$')
            {
                if (!ExpandParameter())
                {
                    return false;
                }

                continue;
            }

            _pos++;
            if (ch == _escape)
            {
                if (_rawEscapes)
                {
                    _sb.Append(ch);
                }

                if (_pos >= input.Length)
                {
                    continue;
                }

                var next = input[_pos];
                if (next == '"' || next == '$' || next == _escape)
                {
                    _pos++;
                    ch = next;
                }
            }

            _sb.Append(ch);
        }
    }

    /// <summary>Text from <paramref name="start"/> on was quoted or escaped: it joins the current word as is.</summary>
    private void AddVerbatim(int start)
    {
        if (_wordStart < 0 && _sb.Length > start)
        {
            _wordStart = start;
        }
    }

    /// <summary>Text from <paramref name="start"/> on is unquoted: white space in it separates words.</summary>
    private void AddSplitting(int start)
    {
        var end = _sb.Length;
        for (var i = start; i < end; i++)
        {
            if (ShellChars.IsSpace(_sb[i]))
            {
                if (_wordStart >= 0)
                {
                    EndWord(i);
                }
            }
            else if (_wordStart < 0)
            {
                _wordStart = i;
            }
        }
    }

    private void EndWord(int end)
    {
        _words.Add(_sb.ToString(_wordStart, end - _wordStart));
        _wordStart = -1;
    }

    /// <summary>Cuts the builder back to <paramref name="start"/> and returns what was cut off.</summary>
    private string Take(int start)
    {
        var text = _sb.Length == start ? string.Empty : _sb.ToString(start, _sb.Length - start);
        _sb.Length = start;
        return text;
    }

    private bool Fail(string message, int offset)
    {
        _error = new ShellError(message, offset);
        return false;
    }
}
