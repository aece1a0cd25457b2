using System.Text;

namespace Builder.Cli.Printing;

/// <summary>
/// Columns aligned as Docker's CLI prints them (Go's tabwriter with min width 10, padding 3):
/// each column but the last is as wide as its widest cell plus 3, and at least 10.
/// </summary>
internal sealed class Table
{
    private const int MinWidth = 10;
    private const int Padding = 3;
    private readonly List<string[]> _rows = [];

    public Table(params string[] header) => _rows.Add(header);

    public void Add(params string[] cells) => _rows.Add(cells);

    public void WriteTo(TextWriter output)
    {
        int columns = _rows.Max(r => r.Length);
        var widths = new int[columns];
        for (int c = 0; c < columns - 1; c++)
        {
            widths[c] = Math.Max(MinWidth, _rows.Where(r => c < r.Length - 1).Select(r => r[c].Length + Padding).DefaultIfEmpty(0).Max());
        }

        var line = new StringBuilder();
        foreach (var row in _rows)
        {
            line.Clear();
            for (int c = 0; c < row.Length; c++)
            {
                line.Append(c < row.Length - 1 ? row[c].PadRight(widths[c]) : row[c]);
            }

            output.WriteLine(line.ToString());
        }
    }
}
