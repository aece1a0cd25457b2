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
internal sealed partial class Re2Parser
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
}
