namespace Builder.Parser.Ignore;

/// <summary>
/// Parses the regular expressions <see cref="PatternCompiler"/> generates, with the rules of Go's
/// <c>regexp/syntax</c> in its default (Perl) mode: <c>^</c>/<c>$</c> anchor the whole text,
/// <c>.</c> skips newlines, negated classes include newlines, Perl, POSIX and one-letter Unicode
/// classes work, <c>\Q...\E</c> quotes, <c>|</c> alternates, <c>{n,m}</c> repeats (a <c>{</c>
/// that starts no count is a literal), and what Go rejects (reversed ranges, unknown escapes,
/// stacked repetitions, counts over 1000) is rejected with Go's wording. <c>(?</c> cannot occur,
/// because the compiler always escapes <c>(</c>, and is reported as unsupported.
/// </summary>
internal sealed class Re2Parser
{
    private const int MaxCount = 1000; // Go's limit for {n,m}

    private readonly string _s;
    private int _pos;
    private string? _error;

    private Re2Parser(string regex) => _s = regex;

    public static Re2Node? Parse(string regex, out string? error)
    {
        var parser = new Re2Parser(regex);
        var node = parser.ParseAlternation();
        if (parser._error is null && parser._pos < regex.Length)
        {
            parser._error = $"unexpected ): `{regex}`";
        }

        error = parser._error;
        return error is null ? node : null;
    }

    private Re2Node? Fail(string message)
    {
        _error ??= message;
        return null;
    }

    private Re2Node? ParseAlternation()
    {
        var branches = new List<Re2Node>();
        while (true)
        {
            var branch = ParseConcat();
            if (branch is null)
            {
                return null;
            }

            branches.Add(branch);
            if (_pos < _s.Length && _s[_pos] == '|')
            {
                _pos++;
                continue;
            }

            return branches.Count == 1 ? branches[0] : new Re2AlternateNode(branches);
        }
    }

    private Re2Node? ParseConcat()
    {
        var items = new List<Re2Node>();
        int lastRepeat = -1; // start of the repetition operator just read, if any
        while (_pos < _s.Length && _s[_pos] != '|' && _s[_pos] != ')')
        {
            int start = _pos;
            char c = _s[_pos];
            int repeat = -1;
            switch (c)
            {
                case '(':
                    _pos++;
                    if (_pos < _s.Length && _s[_pos] == '?')
                    {
                        return Fail("invalid or unsupported Perl syntax: `(?`");
                    }

                    var inner = ParseAlternation();
                    if (inner is null)
                    {
                        return null;
                    }

                    if (_pos >= _s.Length)
                    {
                        return Fail($"missing closing ): `{_s}`");
                    }

                    _pos++;
                    items.Add(inner);
                    break;

                case '*':
                case '+':
                case '?':
                    _pos++;
                    if (!ApplyRepeat(items, start, c == '+' ? 1 : 0, c == '?' ? 1 : -1, lastRepeat))
                    {
                        return null;
                    }

                    repeat = start;
                    break;

                case '{':
                    if (!TryParseCount(out int min, out int max, out int after))
                    {
                        _pos++;
                        items.Add(new Re2SetNode(Re2CharSet.Single('{'))); // not a count: a literal
                        break;
                    }

                    if (min < 0 || min > MaxCount || max > MaxCount || (max >= 0 && min > max))
                    {
                        return Fail($"invalid repeat count: `{_s.Substring(start, after - start)}`");
                    }

                    _pos = after;
                    if (!ApplyRepeat(items, start, min, max, lastRepeat))
                    {
                        return null;
                    }

                    repeat = start;
                    break;

                case '^':
                    _pos++;
                    items.Add(new Re2AssertNode(Re2Assertion.BeginText));
                    break;

                case '$':
                    _pos++;
                    items.Add(new Re2AssertNode(Re2Assertion.EndText));
                    break;

                case '.':
                    _pos++;
                    items.Add(new Re2SetNode(Re2CharSet.AnyButNewline));
                    break;

                case '[':
                    var set = ParseClass();
                    if (set is null)
                    {
                        return null;
                    }

                    items.Add(new Re2SetNode(set));
                    break;

                case '\\':
                    if (!ParseBackslash(items))
                    {
                        return null;
                    }

                    break;

                default:
                    items.Add(new Re2SetNode(Re2CharSet.Single(PatternCompiler.NextCodePoint(_s, ref _pos))));
                    break;
            }

            lastRepeat = repeat;
        }

        return items.Count == 1 ? items[0] : new Re2ConcatNode(items);
    }

    // Wraps the last item in a repetition; _pos is just past the operator.
    private bool ApplyRepeat(List<Re2Node> items, int start, int min, int max, int lastRepeat)
    {
        if (_pos < _s.Length && _s[_pos] == '?')
        {
            _pos++; // non-greedy: the same yes/no answer
        }

        if (lastRepeat >= 0)
        {
            Fail($"invalid nested repetition operator: `{_s.Substring(lastRepeat, _pos - lastRepeat)}`");
            return false;
        }

        if (items.Count == 0)
        {
            Fail($"missing argument to repetition operator: `{_s.Substring(start, _pos - start)}`");
            return false;
        }

        items[items.Count - 1] = new Re2RepeatNode(items[items.Count - 1], min, max);
        return true;
    }

    // {n}, {n,} or {n,m} at _pos, with Go's rules (no leading zeros; absurdly large numbers give -1).
    private bool TryParseCount(out int min, out int max, out int after)
    {
        max = -1;
        after = _pos + 1;
        if (!TryParseInt(ref after, out min) || after >= _s.Length)
        {
            return false;
        }

        if (_s[after] != ',')
        {
            max = min;
        }
        else
        {
            after++;
            if (after >= _s.Length)
            {
                return false;
            }

            if (_s[after] != '}')
            {
                if (!TryParseInt(ref after, out max))
                {
                    return false;
                }

                if (max < 0)
                {
                    min = -1;
                }
            }
        }

        if (after >= _s.Length || _s[after] != '}')
        {
            return false;
        }

        after++;
        return true;
    }

    private bool TryParseInt(ref int i, out int value)
    {
        value = 0;
        if (i >= _s.Length || _s[i] < '0' || _s[i] > '9'
            || (_s[i] == '0' && i + 1 < _s.Length && _s[i + 1] >= '0' && _s[i + 1] <= '9'))
        {
            return false;
        }

        while (i < _s.Length && _s[i] >= '0' && _s[i] <= '9')
        {
            if (value >= 100_000_000)
            {
                value = -1;
            }
            else if (value >= 0)
            {
                value = (value * 10) + (_s[i] - '0');
            }

            i++;
        }

        return true;
    }

    private bool ParseBackslash(List<Re2Node> items)
    {
        if (_pos + 1 < _s.Length)
        {
            Re2Assertion? assertion = _s[_pos + 1] switch
            {
                'A' => Re2Assertion.BeginText,
                'z' => Re2Assertion.EndText,
                'b' => Re2Assertion.WordBoundary,
                'B' => Re2Assertion.NotWordBoundary,
                _ => null,
            };
            if (assertion is not null)
            {
                _pos += 2;
                items.Add(new Re2AssertNode(assertion.Value));
                return true;
            }

            switch (_s[_pos + 1])
            {
                case 'C':
                    Fail("invalid escape sequence: `\\C`");
                    return false;
                case 'Q':
                    int end = _s.IndexOf("\\E", _pos + 2, StringComparison.Ordinal);
                    int stop = end < 0 ? _s.Length : end;
                    _pos += 2;
                    while (_pos < stop)
                    {
                        items.Add(new Re2SetNode(Re2CharSet.Single(PatternCompiler.NextCodePoint(_s, ref _pos))));
                    }

                    _pos = end < 0 ? _s.Length : end + 2;
                    return true;
            }
        }

        var builder = new Re2CharSet.Builder();
        if (TryClassEscape(builder, out bool ok))
        {
            if (ok)
            {
                items.Add(new Re2SetNode(builder.Build(negated: false)));
            }

            return ok;
        }

        int cp = ParseEscape();
        if (cp < 0)
        {
            return false;
        }

        items.Add(new Re2SetNode(Re2CharSet.Single(cp)));
        return true;
    }

    // \p, \P and the Perl classes, inside or outside brackets. False when the text is neither.
    private bool TryClassEscape(Re2CharSet.Builder builder, out bool ok)
    {
        ok = true;
        if (_pos + 1 >= _s.Length || _s[_pos] != '\\')
        {
            return false;
        }

        char letter = _s[_pos + 1];
        if (Re2Classes.TryPerl(letter, out var ranges, out bool negated))
        {
            _pos += 2;
            builder.AddRanges(ranges, negated);
            return true;
        }

        if (letter != 'p' && letter != 'P')
        {
            return false;
        }

        int start = _pos;
        bool negate = letter == 'P';
        _pos += 2;
        string name;
        if (_pos < _s.Length && _s[_pos] == '{')
        {
            int close = _s.IndexOf('}', _pos);
            if (close < 0)
            {
                Fail($"invalid character class range: `{_s.Substring(start)}`");
                ok = false;
                return true;
            }

            name = _s.Substring(_pos + 1, close - _pos - 1);
            _pos = close + 1;
        }
        else
        {
            int nameStart = _pos;
            if (_pos < _s.Length)
            {
                PatternCompiler.NextCodePoint(_s, ref _pos);
            }

            name = _s.Substring(nameStart, _pos - nameStart);
        }

        if (name.Length > 0 && name[0] == '^')
        {
            negate = !negate;
            name = name.Substring(1);
        }

        if (name == "Any")
        {
            builder.AddRanges(new[] { 0, Re2CharSet.MaxCodePoint }, negate);
            return true;
        }

        uint mask = Re2Classes.Category(name);
        if (mask == 0)
        {
            Fail($"invalid character class range: `{_s.Substring(start, _pos - start)}`");
            ok = false;
            return true;
        }

        builder.AddCategories(mask, negate);
        return true;
    }

    private Re2CharSet? ParseClass()
    {
        int start = _pos;
        _pos++;
        bool negated = false;
        if (_pos < _s.Length && _s[_pos] == '^')
        {
            negated = true;
            _pos++;
        }

        var builder = new Re2CharSet.Builder();
        bool first = true; // a ']' right after '[' or '[^' is a literal
        while (_pos >= _s.Length || _s[_pos] != ']' || first)
        {
            if (_pos >= _s.Length)
            {
                Fail($"missing closing ]: `{_s.Substring(start)}`");
                return null;
            }

            first = false;
            if (_pos + 2 < _s.Length && _s[_pos] == '[' && _s[_pos + 1] == ':')
            {
                int close = _s.IndexOf(":]", _pos + 2, StringComparison.Ordinal);
                if (close >= 0)
                {
                    string name = _s.Substring(_pos, close + 2 - _pos);
                    if (!Re2Classes.TryPosix(name, out var posix, out bool posixNegated))
                    {
                        Fail($"invalid character class range: `{name}`");
                        return null;
                    }

                    builder.AddRanges(posix, posixNegated);
                    _pos = close + 2;
                    continue;
                }
            }

            if (TryClassEscape(builder, out bool ok))
            {
                if (!ok)
                {
                    return null;
                }

                continue;
            }

            int rangeStart = _pos;
            int lo = ParseClassChar(start);
            int hi = lo;
            if (lo >= 0 && _pos + 1 < _s.Length && _s[_pos] == '-' && _s[_pos + 1] != ']')
            {
                _pos++;
                hi = ParseClassChar(start);
                if (hi >= 0 && hi < lo)
                {
                    Fail($"invalid character class range: `{_s.Substring(rangeStart, _pos - rangeStart)}`");
                    return null;
                }
            }

            if (lo < 0 || hi < 0)
            {
                return null;
            }

            builder.AddRange(lo, hi);
        }

        _pos++;
        return builder.Build(negated);
    }

    private int ParseClassChar(int classStart)
    {
        if (_pos >= _s.Length)
        {
            Fail($"missing closing ]: `{_s.Substring(classStart)}`");
            return -1;
        }

        return _s[_pos] == '\\' ? ParseEscape() : PatternCompiler.NextCodePoint(_s, ref _pos);
    }

    // A single-character escape at _pos (which holds '\'). Returns the code point, or -1.
    private int ParseEscape()
    {
        int start = _pos;
        _pos++;
        if (_pos >= _s.Length)
        {
            Fail("trailing backslash at end of expression");
            return -1;
        }

        int c = PatternCompiler.NextCodePoint(_s, ref _pos);
        switch (c)
        {
            case >= '1' and <= '7' when !IsOctalAt(_pos):
                break; // a backreference, which RE2 does not support
            case >= '0' and <= '7':
                int value = c - '0';
                for (int i = 1; i < 3 && IsOctalAt(_pos); i++)
                {
                    value = (value * 8) + (_s[_pos++] - '0');
                }

                return value;
            case 'x':
                int hex = ParseHexEscape();
                if (hex >= 0)
                {
                    return hex;
                }

                break;
            case 'a': return 7;
            case 'f': return 12;
            case 'n': return 10;
            case 'r': return 13;
            case 't': return 9;
            case 'v': return 11;
            default:
                if (c < 0x80 && !IsAsciiAlphanumeric(c))
                {
                    return c; // escaped punctuation stands for itself
                }

                break;
        }

        Fail($"invalid escape sequence: `{_s.Substring(start, _pos - start)}`");
        return -1;
    }

    // After "\x": two hex digits, or any number of them in braces. -1 when malformed.
    private int ParseHexEscape()
    {
        if (_pos >= _s.Length)
        {
            return -1;
        }

        int c = PatternCompiler.NextCodePoint(_s, ref _pos);
        if (c != '{')
        {
            int high = HexValue(c);
            int low = _pos < _s.Length ? HexValue(PatternCompiler.NextCodePoint(_s, ref _pos)) : -1;
            return high < 0 || low < 0 ? -1 : (high * 16) + low;
        }

        int value = 0;
        int digits = 0;
        while (_pos < _s.Length)
        {
            int d = PatternCompiler.NextCodePoint(_s, ref _pos);
            if (d == '}')
            {
                return digits == 0 ? -1 : value;
            }

            int v = HexValue(d);
            if (v < 0)
            {
                return -1;
            }

            value = (value * 16) + v;
            if (value > Re2CharSet.MaxCodePoint)
            {
                return -1;
            }

            digits++;
        }

        return -1;
    }

    private bool IsOctalAt(int i) => i < _s.Length && _s[i] >= '0' && _s[i] <= '7';

    private static int HexValue(int c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    private static bool IsAsciiAlphanumeric(int c) =>
        (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
