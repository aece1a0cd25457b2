using Builder.Parser.Diagnostics;

namespace Builder.TestKit;

/// <summary>
/// Renders the help page of a diagnostic id from its descriptor. Every table (parser, planner,
/// executor) has a golden test that keeps <c>docs/diagnostics/ID.md</c> equal to this rendering.
/// </summary>
public static class DiagnosticPages
{
    public static string Render(DiagnosticDescriptor d) => $"""
        # {d.Id}: {d.Title}

        Severity: {d.DefaultSeverity.ToString().ToLowerInvariant()}

        Message: `{d.MessageFormat}`

        ## What to do

        {d.Help}

        <!-- Generated from the diagnostic table by the tests; edit the table, then run the tests with BUILDER_ACCEPT=1. -->

        """;

    public static void Verify(DiagnosticDescriptor d) => Golden.Verify(Path.Combine(RepoPaths.Root, d.HelpLink), Render(d));
}
