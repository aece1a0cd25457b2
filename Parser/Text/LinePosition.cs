namespace Builder.Parser.Text;

/// <summary>A one-based line and column, the way editors and compilers print them.</summary>
public readonly record struct LinePosition(int Line, int Column)
{
    public override string ToString() => $"{Line}:{Column}";
}

/// <summary>The start and end of a span as line:column pairs.</summary>
public readonly record struct LinePositionSpan(LinePosition Start, LinePosition End);
