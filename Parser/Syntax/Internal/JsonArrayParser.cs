using System.Collections.Immutable;
using System.Text;

namespace Builder.Parser.Syntax.Internal;

/// <summary>
/// Reads the exec form: a JSON array of strings. The outcome has three cases, as in BuildKit:
/// valid array of strings; valid JSON array holding a non-string (an error); anything else,
/// which is not JSON and falls back to the shell form. Validation covers the whole text, so a
/// malformed element anywhere means "not JSON", never "not strings".
/// </summary>
internal static class JsonArrayParser
{
    public enum Outcome
    {
        NotJson,
        NotAllStrings,
        Strings,
    }

    /// <summary>Element value and its [start, end) offsets (quotes included) in <paramref name="s"/>.</summary>
    public readonly record struct Element(string Value, int Start, int End);

    public static Outcome Parse(string s, int start, int end, out ImmutableArray<Element> elements)
    {
        var builder = ImmutableArray.CreateBuilder<Element>();
        var outcome = Parse(s, start, end, builder);
        elements = outcome == Outcome.Strings ? builder.ToImmutable() : ImmutableArray<Element>.Empty;
        return outcome;
    }

    /// <summary>
    /// As above, into <paramref name="builder"/> (cleared first), which holds the elements when the
    /// outcome is <see cref="Outcome.Strings"/>: the syntax parser reuses one builder for every line.
    /// </summary>
    public static Outcome Parse(string s, int start, int end, ImmutableArray<Element>.Builder builder)
    {
        builder.Clear();
        int p = CharClass.SkipSpaces(s, start, end);
        if (p >= end || s[p] != '[')
        {
            return Outcome.NotJson;
        }

        var reader = new Reader(s, p, end);
        bool allStrings = true;
        if (!reader.ReadArray(builder, ref allStrings))
        {
            return Outcome.NotJson;
        }

        reader.SkipWhitespace();
        if (!reader.AtEnd)
        {
            return Outcome.NotJson;
        }

        if (!allStrings)
        {
            return Outcome.NotAllStrings;
        }

        return Outcome.Strings;
    }

    /// <summary>Reads a whole-text JSON object and collects its string-valued members (last one wins).</summary>
    public static bool TryReadObjectStrings(string s, out Dictionary<string, string> members)
    {
        members = new Dictionary<string, string>(StringComparer.Ordinal);
        var reader = new Reader(s, 0, s.Length);
        reader.SkipWhitespace();
        if (reader.AtEnd || s[reader.Position] != '{' || !reader.ReadObject(members))
        {
            return false;
        }

        reader.SkipWhitespace();
        return reader.AtEnd;
    }

    private struct Reader
    {
        private const int MaxDepth = 1000;
        private readonly string _s;
        private readonly int _end;
        private int _p;
        private int _depth;

        public Reader(string s, int p, int end)
        {
            _s = s;
            _p = p;
            _end = end;
            _depth = 0;
        }

        public bool AtEnd => _p >= _end;

        public int Position => _p;

        public void SkipWhitespace()
        {
            while (_p < _end && (_s[_p] == ' ' || _s[_p] == '\t' || _s[_p] == '\n' || _s[_p] == '\r'))
            {
                _p++;
            }
        }

        // The top-level array; collects its strings.
        public bool ReadArray(ImmutableArray<Element>.Builder? into, ref bool allStrings)
        {
            if (++_depth > MaxDepth)
            {
                return false;
            }

            _p++; // '['
            SkipWhitespace();
            if (_p < _end && _s[_p] == ']')
            {
                _p++;
                _depth--;
                return true;
            }

            while (true)
            {
                SkipWhitespace();
                if (_p >= _end)
                {
                    return false;
                }

                if (_s[_p] == '"')
                {
                    int start = _p;
                    if (!ReadString(out var value))
                    {
                        return false;
                    }

                    into?.Add(new Element(value, start, _p));
                }
                else
                {
                    if (into is not null)
                    {
                        allStrings = false;
                    }

                    if (!SkipValue())
                    {
                        return false;
                    }
                }

                if (!AfterElement(']', out bool closed))
                {
                    return false;
                }

                if (closed)
                {
                    return true;
                }
            }
        }

        private bool SkipValue()
        {
            SkipWhitespace();
            if (_p >= _end)
            {
                return false;
            }

            char c = _s[_p];
            switch (c)
            {
                case '"':
                    return ReadString(out _);
                case '[':
                    bool ignored = true;
                    return ReadArray(null, ref ignored);
                case '{':
                    return ReadObject(null);
                case 't':
                    return Literal("true");
                case 'f':
                    return Literal("false");
                case 'n':
                    return Literal("null");
                default:
                    return Number();
            }
        }

        public bool ReadObject(Dictionary<string, string>? strings)
        {
            if (++_depth > MaxDepth)
            {
                return false;
            }

            _p++;
            SkipWhitespace();
            if (_p < _end && _s[_p] == '}')
            {
                _p++;
                _depth--;
                return true;
            }

            while (true)
            {
                SkipWhitespace();
                if (_p >= _end || _s[_p] != '"' || !ReadString(out var name))
                {
                    return false;
                }

                SkipWhitespace();
                if (_p >= _end || _s[_p++] != ':')
                {
                    return false;
                }

                SkipWhitespace();
                if (strings is not null && _p < _end && _s[_p] == '"')
                {
                    if (!ReadString(out var value))
                    {
                        return false;
                    }

                    strings[name] = value;
                }
                else
                {
                    strings?.Remove(name);
                    if (!SkipValue())
                    {
                        return false;
                    }
                }

                if (!AfterElement('}', out bool closed))
                {
                    return false;
                }

                if (closed)
                {
                    return true;
                }
            }
        }

        // After an element: ',' goes on to the next one, the closing bracket ends the container.
        private bool AfterElement(char close, out bool closed)
        {
            closed = false;
            SkipWhitespace();
            if (_p >= _end)
            {
                return false;
            }

            char c = _s[_p++];
            if (c == close)
            {
                _depth--;
                closed = true;
                return true;
            }

            return c == ',';
        }

        private bool Literal(string word)
        {
            if (_end - _p < word.Length || string.CompareOrdinal(_s, _p, word, 0, word.Length) != 0)
            {
                return false;
            }

            _p += word.Length;
            return true;
        }

        private bool Number()
        {
            int start = _p;
            if (_p < _end && _s[_p] == '-')
            {
                _p++;
            }

            if (_p >= _end)
            {
                return false;
            }

            if (_s[_p] == '0')
            {
                _p++;
            }
            else if (IsDigit(_s[_p]))
            {
                while (_p < _end && IsDigit(_s[_p]))
                {
                    _p++;
                }
            }
            else
            {
                return false;
            }

            if (_p < _end && _s[_p] == '.')
            {
                _p++;
                if (_p >= _end || !IsDigit(_s[_p]))
                {
                    return false;
                }

                while (_p < _end && IsDigit(_s[_p]))
                {
                    _p++;
                }
            }

            if (_p < _end && (_s[_p] == 'e' || _s[_p] == 'E'))
            {
                _p++;
                if (_p < _end && (_s[_p] == '+' || _s[_p] == '-'))
                {
                    _p++;
                }

                if (_p >= _end || !IsDigit(_s[_p]))
                {
                    return false;
                }

                while (_p < _end && IsDigit(_s[_p]))
                {
                    _p++;
                }
            }

            return _p > start;
        }

        private static bool IsDigit(char c) => c >= '0' && c <= '9';

        // Decodes a JSON string as Go's encoding/json does: invalid UTF-8 (here: raw-byte
        // surrogates) and unpaired \u surrogates become U+FFFD.
        private bool ReadString(out string value)
        {
            value = string.Empty;
            _p++; // opening quote
            int runStart = _p;
            StringBuilder? sb = null;
            while (_p < _end)
            {
                char c = _s[_p];
                if (c == '"')
                {
                    value = sb is null ? _s.Substring(runStart, _p - runStart) : sb.Append(_s, runStart, _p - runStart).ToString();
                    _p++;
                    return true;
                }

                if (c < 0x20)
                {
                    return false;
                }

                if (c == '\\')
                {
                    sb ??= new StringBuilder();
                    sb.Append(_s, runStart, _p - runStart);
                    if (!ReadEscape(sb))
                    {
                        return false;
                    }

                    runStart = _p;
                    continue;
                }

                if (char.IsSurrogate(c))
                {
                    bool pair = char.IsHighSurrogate(c) && _p + 1 < _end && char.IsLowSurrogate(_s[_p + 1]);
                    if (!pair)
                    {
                        sb ??= new StringBuilder();
                        sb.Append(_s, runStart, _p - runStart).Append('\uFFFD');
                        _p++;
                        runStart = _p;
                        continue;
                    }

                    _p += 2;
                    continue;
                }

                _p++;
            }

            return false;
        }

        private bool ReadEscape(StringBuilder sb)
        {
            _p++; // backslash
            if (_p >= _end)
            {
                return false;
            }

            char e = _s[_p++];
            switch (e)
            {
                case '"': sb.Append('"'); return true;
                case '\\': sb.Append('\\'); return true;
                case '/': sb.Append('/'); return true;
                case 'b': sb.Append('\b'); return true;
                case 'f': sb.Append('\f'); return true;
                case 'n': sb.Append('\n'); return true;
                case 'r': sb.Append('\r'); return true;
                case 't': sb.Append('\t'); return true;
                case 'u':
                    if (!ReadHex4(out int cp))
                    {
                        return false;
                    }

                    if (cp >= 0xD800 && cp <= 0xDBFF && _end - _p >= 6 && _s[_p] == '\\' && _s[_p + 1] == 'u')
                    {
                        int save = _p;
                        _p += 2;
                        if (ReadHex4(out int low) && low >= 0xDC00 && low <= 0xDFFF)
                        {
                            sb.Append((char)cp).Append((char)low);
                            return true;
                        }

                        _p = save;
                    }

                    sb.Append(cp >= 0xD800 && cp <= 0xDFFF ? '\uFFFD' : (char)cp);
                    return true;
                default:
                    return false;
            }
        }

        private bool ReadHex4(out int value)
        {
            value = 0;
            if (_end - _p < 4)
            {
                return false;
            }

            for (int i = 0; i < 4; i++)
            {
                char h = _s[_p++];
                int d = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10 : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
                if (d < 0)
                {
                    return false;
                }

                value = (value << 4) | d;
            }

            return true;
        }
    }
}
