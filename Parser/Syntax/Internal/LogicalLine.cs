using System.Collections.Immutable;
using Builder.Parser.Text;

namespace Builder.Parser.Syntax.Internal;

/// <summary>
/// The joined text of an instruction's physical lines, and the map from offsets in it back to
/// source offsets, so every token keeps an exact source span.
/// </summary>
internal sealed class LogicalLine
{
    // Each segment: a run of logical text copied from the source starting at SourceStart.
    private readonly ImmutableArray<Segment> _segments;

    public LogicalLine(string text, ImmutableArray<Segment> segments)
    {
        Text = text;
        _segments = segments;
    }

    public string Text { get; }

    public int Length => Text.Length;

    public static LogicalLine SingleSegment(string text, int sourceStart) =>
        new(text, ImmutableArray.Create(new Segment(0, sourceStart, text.Length)));

    public int ToSource(int logicalOffset)
    {
        var segs = _segments;
        // The char at a boundary belongs to the later segment; empty segments own no char.
        for (int i = segs.Length - 1; i >= 0; i--)
        {
            var seg = segs[i];
            if (seg.LogicalStart <= logicalOffset && (seg.Length > 0 || i == 0))
            {
                return seg.SourceStart + (logicalOffset - seg.LogicalStart);
            }
        }

        return segs[0].SourceStart + logicalOffset;
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
