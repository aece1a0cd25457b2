using System.Collections.Immutable;
using System.Text;

namespace Builder.Parser.Text;

/// <summary>
/// The text of a Dockerfile (or any other input the parser reads), with a path for messages and
/// a line table built on first use. Bytes that are not valid UTF-8 are kept as lone surrogates
/// U+DC80..U+DCFF (the "surrogateescape" convention) so that <see cref="ToBytes"/> gives back the
/// exact input and the BuildKit dump can print them as <c>\xHH</c>.
/// </summary>
public sealed class SourceText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private ImmutableArray<int> _lineStarts;

    private SourceText(string text, string path)
    {
        Text = text;
        Path = path;
    }

    /// <summary>The decoded text. A leading BOM is kept as U+FEFF.</summary>
    public string Text { get; }

    /// <summary>The path used in messages, as the user gave it.</summary>
    public string Path { get; }

    public int Length => Text.Length;

    public char this[int index] => Text[index];

    public static SourceText From(string text, string path = "Dockerfile") => new(text, path);

    public static SourceText From(ReadOnlySpan<byte> bytes, string path = "Dockerfile") =>
        new(Decode(bytes), path);

    public static SourceText Load(string path) => From(File.ReadAllBytes(path), path);

    public string ToString(TextSpan span) => Text.Substring(span.Start, span.Length);

    public override string ToString() => Text;

    public ImmutableArray<int> LineStarts
    {
        get
        {
            if (_lineStarts.IsDefault)
            {
                _lineStarts = ComputeLineStarts(Text);
            }

            return _lineStarts;
        }
    }

    /// <summary>One-based line and column of an offset. Columns count UTF-16 code units.</summary>
    public LinePosition GetLinePosition(int offset)
    {
        var starts = LineStarts;
        int index = starts.BinarySearch(offset);
        int line = index >= 0 ? index : ~index - 1;
        return new LinePosition(line + 1, offset - starts[line] + 1);
    }

    public LinePositionSpan GetLinePositionSpan(TextSpan span) =>
        new(GetLinePosition(span.Start), GetLinePosition(span.End));

    /// <summary>The text of a one-based line without its line break.</summary>
    public string GetLineText(int line)
    {
        var starts = LineStarts;
        int start = starts[line - 1];
        int end = line < starts.Length ? starts[line] : Text.Length;
        while (end > start && (Text[end - 1] == '\n' || Text[end - 1] == '\r'))
        {
            end--;
        }

        return Text.Substring(start, end - start);
    }

    public byte[] ToBytes() => Encode(Text);

    private static ImmutableArray<int> ComputeLineStarts(string text)
    {
        var builder = ImmutableArray.CreateBuilder<int>();
        builder.Add(0);
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                builder.Add(i + 1);
            }
        }

        return builder.ToImmutable();
    }

    internal static string Decode(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return GetString(StrictUtf8, bytes);
        }
        catch (DecoderFallbackException)
        {
            return DecodeWithEscapes(bytes);
        }
    }

    private static unsafe string GetString(Encoding encoding, ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return string.Empty;
        }

        fixed (byte* p = bytes)
        {
            return encoding.GetString(p, bytes.Length);
        }
    }

    // Slow path, only for input that is not UTF-8: decode valid sequences, map each stray byte to
    // U+DC00 + byte so that no information is lost.
    private static string DecodeWithEscapes(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder(bytes.Length);
        int i = 0;
        while (i < bytes.Length)
        {
            int length = ValidSequenceLength(bytes.Slice(i));
            if (length == 0)
            {
                sb.Append((char)(0xDC00 + bytes[i]));
                i++;
            }
            else
            {
                sb.Append(GetString(StrictUtf8, bytes.Slice(i, length)));
                i += length;
            }
        }

        return sb.ToString();
    }

    private static int ValidSequenceLength(ReadOnlySpan<byte> s)
    {
        byte b0 = s[0];
        if (b0 < 0x80)
        {
            return 1;
        }

        int need;
        int min;
        if ((b0 & 0xE0) == 0xC0) { need = 2; min = 0x80; }
        else if ((b0 & 0xF0) == 0xE0) { need = 3; min = 0x800; }
        else if ((b0 & 0xF8) == 0xF0) { need = 4; min = 0x10000; }
        else { return 0; }

        if (s.Length < need)
        {
            return 0;
        }

        int cp = b0 & (0x7F >> need);
        for (int k = 1; k < need; k++)
        {
            if ((s[k] & 0xC0) != 0x80)
            {
                return 0;
            }

            cp = (cp << 6) | (s[k] & 0x3F);
        }

        bool surrogate = cp >= 0xD800 && cp <= 0xDFFF;
        return cp < min || cp > 0x10FFFF || surrogate ? 0 : need;
    }

    internal static byte[] Encode(string text)
    {
        bool hasEscapes = false;
        foreach (char c in text)
        {
            if (c >= 0xDC80 && c <= 0xDCFF)
            {
                hasEscapes = true;
                break;
            }
        }

        if (!hasEscapes)
        {
            return Encoding.UTF8.GetBytes(text);
        }

        using var ms = new MemoryStream(text.Length);
        var utf8 = new UTF8Encoding(false, false);
        int runStart = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (!IsRawByte(text, i))
            {
                continue;
            }

            var run = utf8.GetBytes(text.Substring(runStart, i - runStart));
            ms.Write(run, 0, run.Length);
            ms.WriteByte((byte)(text[i] - 0xDC00));
            runStart = i + 1;
        }

        var tail = utf8.GetBytes(text.Substring(runStart));
        ms.Write(tail, 0, tail.Length);
        return ms.ToArray();
    }

    /// <summary>True when <paramref name="c"/> at <paramref name="index"/> stands for a raw byte.</summary>
    public static bool IsRawByte(string text, int index)
    {
        char c = text[index];
        return c >= 0xDC80 && c <= 0xDCFF && (index == 0 || !char.IsHighSurrogate(text[index - 1]));
    }
}
