using Builder.Parser.Text;

namespace Builder.Parser.Diagnostics;

/// <summary>
/// A problem found in user input, as a value: what (descriptor and message), how bad (severity)
/// and where (span in the source). Never thrown.
/// </summary>
public sealed record Diagnostic(DiagnosticDescriptor Descriptor, DiagnosticSeverity Severity, TextSpan Span, string Message, string Help)
{
    public string Id => Descriptor.Id;

    public string HelpLink => Descriptor.HelpLink;

    public bool IsError => Severity == DiagnosticSeverity.Error;

    public static Diagnostic Create(DiagnosticDescriptor descriptor, TextSpan span, params object?[] args) =>
        new(descriptor, descriptor.DefaultSeverity, span, descriptor.FormatMessage(args), descriptor.FormatHelp(args));

    public Diagnostic WithSeverity(DiagnosticSeverity severity) => this with { Severity = severity };
}
