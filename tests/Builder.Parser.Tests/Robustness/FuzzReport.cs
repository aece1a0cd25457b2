using System.Text;

namespace Builder.Parser.Tests.Robustness;

/// <summary>One kind of failure (same exception and parser frame, or same property) and its first input.</summary>
internal sealed record FuzzFailure(string Kind, string Message, FuzzInput Input)
{
    public int Occurrences { get; set; } = 1;

    public byte[]? Minimized { get; set; }

    public string? SavedAt { get; set; }
}

/// <summary>What a fuzz run did and found.</summary>
internal sealed class FuzzReport
{
    private const int MaxInlineBase64Bytes = 4096;

    public required FuzzSettings Settings { get; init; }

    public int Inputs { get; set; }

    public long Bytes { get; set; }

    public TimeSpan Elapsed { get; set; }

    public long SlowestIndex { get; set; } = -1;

    public TimeSpan Slowest { get; set; }

    public List<FuzzFailure> Failures { get; } = [];

    public string Summary =>
        $"fuzz: {Inputs} inputs ({Bytes / 1024.0 / 1024.0:F1} MiB), seed {Settings.Seed}, start {Settings.Start}, " +
        $"{Elapsed.TotalSeconds:F1} s, slowest parse #{SlowestIndex} {Slowest.TotalMilliseconds:F0} ms, " +
        $"{Failures.Count} failure kind(s), {Failures.Sum(f => f.Occurrences)} failing input(s)";

    public string Describe()
    {
        var sb = new StringBuilder(Summary).Append('\n');
        foreach (var f in Failures)
        {
            sb.Append('\n').Append("* ").Append(f.Kind).Append(" (").Append(f.Occurrences).Append("x)\n")
              .Append("  ").Append(f.Message.Replace("\n", "\n  ", StringComparison.Ordinal)).Append('\n')
              .Append("  first: ").Append(f.Input.Describe()).Append('\n')
              .Append("  replay: ").Append(Settings.ReplayHint(f.Input.Index)).Append('\n');
            if (f.SavedAt is not null)
            {
                sb.Append("  saved: ").Append(f.SavedAt).Append('\n');
            }

            AppendBase64(sb, "input", f.Input.Bytes);
            if (f.Minimized is not null)
            {
                AppendBase64(sb, "minimized", f.Minimized);
            }
        }

        return sb.ToString();
    }

    private static void AppendBase64(StringBuilder sb, string label, byte[] bytes)
    {
        sb.Append("  ").Append(label).Append(" (").Append(bytes.Length).Append(" bytes) base64: ");
        sb.Append(bytes.Length <= MaxInlineBase64Bytes ? Convert.ToBase64String(bytes) : "(too long to print; see the saved file)").Append('\n');
    }
}
