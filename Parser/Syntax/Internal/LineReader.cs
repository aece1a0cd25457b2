namespace Builder.Parser.Syntax.Internal;

/// <summary>
/// Splits text into physical lines the way BuildKit's scanner does: a line ends after <c>\n</c>;
/// its content excludes every trailing <c>\r</c> and <c>\n</c>.
/// </summary>
internal struct LineReader
{
    private readonly string _text;
    private int _position;

    public LineReader(string text, int start = 0)
    {
        _text = text;
        _position = start;
    }

    public int Position => _position;

    public bool TryRead(out PhysicalLine line)
    {
        if (_position >= _text.Length)
        {
            line = default;
            return false;
        }

        int start = _position;
        int nl = _text.IndexOf('\n', start);
        int end = nl < 0 ? _text.Length : nl + 1;
        int contentEnd = end;
        while (contentEnd > start && (_text[contentEnd - 1] == '\n' || _text[contentEnd - 1] == '\r'))
        {
            contentEnd--;
        }

        _position = end;
        line = new PhysicalLine(start, contentEnd, end);
        return true;
    }
}

/// <summary>[Start, ContentEnd) is the line without its break; [Start, End) includes it.</summary>
internal readonly record struct PhysicalLine(int Start, int ContentEnd, int End);
