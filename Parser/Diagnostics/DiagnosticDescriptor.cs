using System.Globalization;

namespace Builder.Parser.Diagnostics;

/// <summary>
/// One row of a diagnostics table: a stable id, a default severity and a message format.
/// Every diagnostic the toolchain reports comes from one of these, so ids, messages and help
/// pages never drift apart.
/// </summary>
public sealed record DiagnosticDescriptor(
    string Id,
    string Title,
    DiagnosticSeverity DefaultSeverity,
    string MessageFormat,
    string Help)
{
    /// <summary>The help page of this id, relative to the repository root (lint rules live under docs/rules/).</summary>
    public string HelpLink { get; init; } = $"docs/diagnostics/{Id}.md";

    public string FormatMessage(params object?[] args) => Format(MessageFormat, args);

    /// <summary>The help text with the same arguments as the message (it may name the flag or keyword).</summary>
    public string FormatHelp(params object?[] args) => Format(Help, args);

    private static string Format(string format, object?[] args) =>
        args.Length == 0 ? format : string.Format(CultureInfo.InvariantCulture, format, args);
}
