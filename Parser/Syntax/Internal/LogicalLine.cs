using System.Collections.Immutable;
using Builder.Parser.Text;

namespace Builder.Parser.Syntax.Internal;

/// <summary>
/// The joined text of an instruction's physical lines, and the map from offsets in it back to
/// source offsets, so every token keeps an exact source span.
/// </summary>
/// <remarks>
/// The parser reuses one instance for every instruction of a file (<see cref="Reset"/>), so the
/// segment table is a growable array rather than a new immutable array per instruction.
/// </remarks>
internal sealed class LogicalLine
{
    // Each segment: a run of logical text copied from the source starting at SourceStart. Empty
    // segments own no char, so only a first one (which maps offsets before any text) is kept.
    private Segment[] _segments;
    private int _count;

    public LogicalLine(string text, ImmutableArray<Segment> segments)
        : this()
    {
        foreach (var segment in segments)
        {
            AddSegment(segment);
        }

        Text = text;
    }

    /// <summary>An empty line to be filled with <see cref="Reset"/> and <see cref="AddSegment"/>.</summary>
    public LogicalLine()
    {
        Text = string.Empty;
        _segments = new Segment[8];
    }

    public string Text { get; private set; }

    public int Length => Text.Length;

    public static LogicalLine SingleSegment(string text, int sourceStart) =>
        new(text, ImmutableArray.Create(new Segment(0, sourceStart, text.Length)));

    /// <summary>Starts a new instruction: no text, no segments.</summary>
    public void Reset()
    {
        Text = string.Empty;
        _count = 0;
    }

    public void AddSegment(Segment segment)
    {
        if (_count > 0 && segment.Length == 0)
        {
            return;
        }

        if (_count == _segments.Length)
        {
            Array.Resize(ref _segments, _count * 2);
        }

        _segments[_count++] = segment;
    }

    /// <summary>Sets the joined text once every segment is added.</summary>
    public void SetText(string text) => Text = text;

    public int ToSource(int logicalOffset)
    {
        // The char at a boundary belongs to the later segment: the last one starting at or before
        // the offset. A binary search, so that a line with many continuations stays linear.
        var segs = _segments;
        int lo = 0;
        int hi = _count - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) >> 1;
            if (segs[mid].LogicalStart <= logicalOffset)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return segs[lo].SourceStart + (logicalOffset - segs[lo].LogicalStart);
    }

    /// <summary>The source span of logical [start, end): from the first char to just after the last.</summary>
    public TextSpan ToSourceSpan(int start, int end)
    {
        if (end <= start)
        {
            int at = ToSource(start);
            return new TextSpan(at, 0);
        }

        int s = ToSource(start);
        int e = ToSource(end - 1) + 1;
        return TextSpan.FromBounds(s, e);
    }

    internal readonly record struct Segment(int LogicalStart, int SourceStart, int Length);
}
