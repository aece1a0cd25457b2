namespace Builder.Parser.Shell;

/// <summary>
/// Matches parsed <see cref="ShellPattern"/> tokens against a string by simulating the pattern's
/// automaton over code points, in O(value length × pattern length) per anchored match.
/// </summary>
/// <remarks>
/// BuildKit uses Go regular expressions with leftmost-first semantics: <c>*</c> is <c>.*?</c> for
/// <c>#</c>/<c>%</c> and <c>.*</c> for <c>##</c>/<c>%%</c> and <c>/</c>. For patterns made of
/// literals, <c>?</c> and <c>*</c> only, an anchored match with all-lazy stars ends at the
/// shortest possible match and one with all-greedy stars at the longest, which is what this
/// matcher computes directly.
/// </remarks>
internal sealed class ShellPatternMatcher
{
    private readonly int[] _tokens;
    private bool[] _current;
    private bool[] _next;

    public ShellPatternMatcher(int[] tokens)
    {
        _tokens = tokens;
        _current = new bool[tokens.Length + 1];
        _next = new bool[tokens.Length + 1];
    }

    /// <summary>
    /// Matches the pattern at <paramref name="start"/> going forward. Returns the end of the
    /// longest (<paramref name="longest"/>) or shortest match, or -1 when nothing matches.
    /// </summary>
    public int MatchForward(string value, int start, bool longest)
    {
        Begin();
        var best = -1;
        var pos = start;
        while (true)
        {
            if (_current[_tokens.Length])
            {
                best = pos;
                if (!longest)
                {
                    return best;
                }
            }

            if (pos >= value.Length)
            {
                return best;
            }

            var c = ShellChars.CodePointAt(value, pos, out var width);
            if (!Step(c))
            {
                return best;
            }

            pos += width;
        }
    }

    /// <summary>
    /// Matches reversed tokens backwards from <paramref name="end"/>. Returns the start of the
    /// longest or shortest match ending at <paramref name="end"/>, or -1.
    /// </summary>
    public int MatchBackward(string value, int end, bool longest)
    {
        Begin();
        var best = -1;
        var pos = end;
        while (true)
        {
            if (_current[_tokens.Length])
            {
                best = pos;
                if (!longest)
                {
                    return best;
                }
            }

            if (pos <= 0)
            {
                return best;
            }

            var c = ShellChars.CodePointBefore(value, pos, out var width);
            if (!Step(c))
            {
                return best;
            }

            pos -= width;
        }
    }

    /// <summary>
    /// Finds the leftmost match starting at or after <paramref name="from"/> and, from that start,
    /// the longest one (Go's <c>FindStringIndex</c> with greedy stars).
    /// </summary>
    public bool FindLeftmost(string value, int from, out int matchStart, out int matchEnd)
    {
        var start = from;
        while (true)
        {
            var end = MatchForward(value, start, longest: true);
            if (end >= 0)
            {
                matchStart = start;
                matchEnd = end;
                return true;
            }

            if (start >= value.Length)
            {
                matchStart = matchEnd = -1;
                return false;
            }

            start += ShellChars.WidthAt(value, start);
        }
    }

    private void Begin()
    {
        Array.Clear(_current, 0, _current.Length);
        _current[0] = true;
        Close(_current);
    }

    /// <summary>Consumes one code point; returns false when no state is left.</summary>
    private bool Step(int c)
    {
        var tokens = _tokens;
        var next = _next;
        Array.Clear(next, 0, next.Length);
        var any = false;
        for (var i = 0; i < tokens.Length; i++)
        {
            if (!_current[i])
            {
                continue;
            }

            var token = tokens[i];
            if (token == ShellPattern.Star)
            {
                if (c != '\n')
                {
                    next[i] = true;
                    any = true;
                }
            }
            else if (token == ShellPattern.AnyChar ? c != '\n' : token == c)
            {
                next[i + 1] = true;
                any = true;
            }
        }

        Close(next);
        _next = _current;
        _current = next;
        return any;
    }

    /// <summary>A star may match nothing: a state before a star also stands after it.</summary>
    private void Close(bool[] states)
    {
        var tokens = _tokens;
        for (var i = 0; i < tokens.Length; i++)
        {
            if (states[i] && tokens[i] == ShellPattern.Star)
            {
                states[i + 1] = true;
            }
        }
    }
}
