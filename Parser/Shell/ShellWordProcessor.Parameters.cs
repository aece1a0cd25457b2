namespace Builder.Parser.Shell;

/// <summary>Parameter expansion: <c>$NAME</c>, <c>${NAME}</c> and <c>${NAME&lt;modifier&gt;word}</c>.</summary>
internal sealed partial class ShellWordProcessor
{
    private const string MissingBrace = "syntax error: missing '}'";
    private const string MissingSlash = "syntax error: missing '/' in ${}";
    private const string BadSubstitution = "syntax error: bad substitution";

    /// <summary>
    /// How deep <c>${a:-${b:-...}}</c> may nest. Each level recurses, so without a bound a long
    /// enough word overflows the stack and kills the process; real words nest a few levels.
    /// </summary>
    internal const int MaxNesting = 256;

    /// <summary>Expands the parameter whose <c>$</c> is at the current position.</summary>
    private bool ExpandParameter()
    {
        if (_depth >= MaxNesting)
        {
            return Fail("syntax error: substitutions nested more than " + MaxNesting + " deep", _pos);
        }

        _depth++;
        var ok = ExpandParameterAt();
        _depth--;
        return ok;
    }

    private bool ExpandParameterAt()
    {
        var input = _input;
        var dollar = _pos++;
        if (_pos >= input.Length || input[_pos] != '{')
        {
            var nameStart = _pos;
            SkipName();
            if (_pos == nameStart)
            {
                // "$" before anything that cannot start a name stays literal.
                _sb.Append('$');
                return true;
            }

            var name = input.Substring(nameStart, _pos - nameStart);
            if (TryLookup(name, out var value))
            {
                _sb.Append(value);
            }
            else if (_skipUnsetEnv)
            {
                _sb.Append(input, dollar, _pos - dollar);
            }

            return true;
        }

        _pos++;
        if (_pos >= input.Length)
        {
            return Fail(MissingBrace, dollar);
        }

        var first = input[_pos];
        if (first == '{' || first == '}' || first == ':')
        {
            return Fail(BadSubstitution, dollar);
        }

        var braceNameStart = _pos;
        SkipName();
        var braceName = input.Substring(braceNameStart, _pos - braceNameStart);
        if (_pos >= input.Length)
        {
            // BuildKit reports this as "unsupported modifier (\uFFFD)"; the missing brace is the real problem.
            return Fail(MissingBrace, dollar);
        }

        var opOffset = _pos;
        var op = ShellChars.CodePointAt(input, _pos, out var width);
        _pos += width;
        switch (op)
        {
            case '}':
                if (TryLookup(braceName, out var value))
                {
                    _sb.Append(value);
                }
                else if (_skipUnsetEnv)
                {
                    _sb.Append(input, dollar, _pos - dollar);
                }

                return true;
            case ':':
                var second = EndOfInput;
                if (_pos < input.Length)
                {
                    second = ShellChars.CodePointAt(input, _pos, out width);
                    _pos += width;
                }

                return ExpandWithModifier(braceName, dollar, opOffset, second, nullIsUnset: true);
            case '+':
            case '-':
            case '?':
            case '#':
            case '%':
                return ExpandWithModifier(braceName, dollar, opOffset, op, nullIsUnset: false);
            case '/':
                return ExpandReplace(braceName, dollar);
            default:
                return Fail(UnsupportedModifier(opOffset), opOffset);
        }
    }

    /// <summary>
    /// <c>${name-w} ${name+w} ${name?w} ${name#p} ${name%p}</c> and, with <paramref name="nullIsUnset"/>,
    /// their <c>:</c> forms. The modifier's word is always expanded first, even when it ends up unused.
    /// </summary>
    private bool ExpandWithModifier(string name, int dollar, int opOffset, int op, bool nullIsUnset)
    {
        var opEnd = _pos;
        var isPattern = op == '#' || op == '%';
        if (nullIsUnset && isPattern)
        {
            return Fail(UnsupportedModifier(opOffset), opOffset);
        }

        var wordStart = _sb.Length;
        if (!ProcessUntil('}', isPattern))
        {
            return FailUnclosed(MissingBrace, dollar);
        }

        var set = TryLookup(name, out var value);
        if (!set && _skipUnsetEnv)
        {
            // Leave "${name<op>" as written, followed by the processed word and "}".
            _sb.Insert(wordStart, _input.Substring(dollar, opEnd - dollar));
            _sb.Append('}');
            return true;
        }

        var useWord = !set || (nullIsUnset && value.Length == 0);
        switch (op)
        {
            case '-':
                if (!useWord)
                {
                    _sb.Length = wordStart;
                    _sb.Append(value);
                }

                return true;
            case '+':
                if (useWord)
                {
                    _sb.Length = wordStart;
                }

                return true;
            case '?':
                if (useWord)
                {
                    var message = Take(wordStart);
                    if (message.Length == 0)
                    {
                        message = set ? "is not allowed to be empty" : "is not allowed to be unset";
                    }

                    return Fail(name + ": " + message, dollar);
                }

                _sb.Length = wordStart;
                _sb.Append(value);
                return true;
            case '#':
            case '%':
                return TrimPattern(value, Take(wordStart), (char)op, opEnd);
            default:
                return Fail(UnsupportedModifier(opOffset, opEnd), opOffset);
        }
    }

    /// <summary><c>${name#p} ${name##p}</c> remove a prefix, <c>${name%p} ${name%%p}</c> a suffix; doubled is longest.</summary>
    private bool TrimPattern(string value, string word, char op, int patternOffset)
    {
        // Doubling is decided on the expanded word, as BuildKit does.
        var longest = word.Length > 0 && word[0] == op;
        var pattern = longest ? word.Substring(1) : word;
        var suffix = op == '%';
        if (!ShellPattern.TryParse(pattern, reversed: suffix, out var tokens, out var error))
        {
            return Fail(InvalidPattern(pattern, error), patternOffset);
        }

        var matcher = new ShellPatternMatcher(tokens);
        if (suffix)
        {
            var start = matcher.MatchBackward(value, value.Length, longest);
            _sb.Append(value, 0, start < 0 ? value.Length : start);
        }
        else
        {
            var end = matcher.MatchForward(value, 0, longest);
            _sb.Append(value, end < 0 ? 0 : end, end < 0 ? value.Length : value.Length - end);
        }

        return true;
    }

    /// <summary><c>${name/pattern/replacement}</c> replaces the first match, <c>${name//pattern/replacement}</c> every match.</summary>
    private bool ExpandReplace(string name, int dollar)
    {
        var all = _pos < _input.Length && _input[_pos] == '/';
        if (all)
        {
            _pos++;
        }

        var patternOffset = _pos;
        var start = _sb.Length;
        if (!ProcessUntil('/', rawEscapes: true))
        {
            return FailUnclosed(MissingSlash, dollar);
        }

        var pattern = Take(start);
        if (!ProcessUntil('}', rawEscapes: true))
        {
            return FailUnclosed(MissingBrace, dollar);
        }

        var replacement = Take(start);
        if (!TryLookup(name, out var value) && _skipUnsetEnv)
        {
            // As BuildKit does, the unexpanded form is always written with a single '/'.
            _sb.Append("${").Append(name).Append('/').Append(pattern).Append('/').Append(replacement).Append('}');
            return true;
        }

        if (!ShellPattern.TryParse(pattern, reversed: false, out var tokens, out var error))
        {
            return Fail(InvalidPattern(pattern, error), patternOffset);
        }

        var matcher = new ShellPatternMatcher(tokens);
        if (all)
        {
            ShellReplacement.ReplaceAll(_sb, value, matcher, replacement);
        }
        else
        {
            ShellReplacement.ReplaceFirst(_sb, value, matcher, replacement);
        }

        return true;
    }

    /// <summary>
    /// Advances over a name: a run of digits (positional parameter), one special parameter
    /// character (<c>@ * # ? - $ ! 0</c>), or letters, digits and <c>_</c>.
    /// </summary>
    private void SkipName()
    {
        var input = _input;
        if (_pos >= input.Length)
        {
            return;
        }

        if (ShellChars.IsDigit(input, _pos))
        {
            do
            {
                _pos += ShellChars.WidthAt(input, _pos);
            }
            while (_pos < input.Length && ShellChars.IsDigit(input, _pos));
            return;
        }

        switch (input[_pos])
        {
            case '@':
            case '*':
            case '#':
            case '?':
            case '-':
            case '$':
            case '!':
            case '0':
                _pos++;
                return;
        }

        while (_pos < input.Length && ShellChars.IsNameChar(input, _pos))
        {
            _pos += ShellChars.WidthAt(input, _pos);
        }
    }

    private bool TryLookup(string name, out string value)
    {
        if (_env.TryGetValue(name, out var found))
        {
            (_matched ??= System.Collections.Immutable.ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal)).Add(name);
            value = found ?? string.Empty;
            return true;
        }

        (_unmatched ??= System.Collections.Immutable.ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal)).Add(name);
        value = string.Empty;
        return false;
    }

    /// <summary>
    /// A nested word failed. If the input ran out, the enclosing <c>${</c> is what is unclosed
    /// (this also replaces, say, an unterminated quote inside it); otherwise the inner error stands.
    /// </summary>
    private bool FailUnclosed(string message, int dollar)
    {
        if (_pos >= _input.Length)
        {
            _error = new ShellError(message, dollar);
        }

        return false;
    }

    private string UnsupportedModifier(int opOffset) => UnsupportedModifier(opOffset, _pos);

    private string UnsupportedModifier(int opOffset, int opEnd) =>
        "unsupported modifier (" + _input.Substring(opOffset, opEnd - opOffset) + ") in substitution";

    private static string InvalidPattern(string pattern, string? error) =>
        "invalid pattern (" + pattern + ") in substitution: " + error;
}
