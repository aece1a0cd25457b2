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
        _segments = segments.Length <= 1 ? segments : OwningSegments(segments);
    }

    public string Text { get; }

    public int Length => Text.Length;

    public static LogicalLine SingleSegment(string text, int sourceStart) =>
        new(text, ImmutableArray.Create(new Segment(0, sourceStart, text.Length)));

    public int ToSource(int logicalOffset)
    {
        // The char at a boundary belongs to the later segment: the last one starting at or before
        // the offset. A binary search, so that a line with many continuations stays linear.
        var segs = _segments;
        int lo = 0;
        int hi = segs.Length - 1;
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

    // Empty segments own no char, so only the first one (which maps offsets before any text) is kept.
    private static ImmutableArray<Segment> OwningSegments(ImmutableArray<Segment> segments)
    {
        var owning = ImmutableArray.CreateBuilder<Segment>(segments.Length);
        for (int i = 0; i < segments.Length; i++)
        {
            if (i == 0 || segments[i].Length > 0)
            {
                owning.Add(segments[i]);
            }
        }

        return owning.ToImmutable();
    }

    internal readonly record struct Segment(int LogicalStart, int SourceStart, int Length);
}
