namespace Builder.Parser.Ignore;

/// <summary>Backslash escapes and character classes, with Go's <c>regexp/syntax</c> rules.</summary>
internal sealed partial class Re2Parser
{
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
