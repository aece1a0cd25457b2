using Builder.Parser.Diagnostics;

namespace Builder.Parser.Lint;

/// <summary>
/// One row of the lint rule table. <see cref="Name"/> is what <c># check=skip=</c> and JSON output
/// use: BuildKit's name for the 22 BuildKit build checks, our own name for the rest.
/// </summary>
/// <param name="Id">Stable id, <c>BLD2xxx</c>.</param>
/// <param name="Name">Rule name (BuildKit's when <paramref name="IsBuildKit"/>).</param>
/// <param name="IsBuildKit">Whether BuildKit has this check under the same name.</param>
/// <param name="DefaultSeverity">Severity when no configuration says otherwise.</param>
/// <param name="EnabledByDefault">False for noisy rules: they run only when enabled.</param>
/// <param name="Experimental">Runs only when named in <c># check=experimental=</c> (as BuildKit).</param>
/// <param name="Title">Short title (also the help page heading).</param>
/// <param name="MessageFormat">Per-finding message, <c>{0}</c>-style placeholders.</param>
/// <param name="Description">What the rule is about and what to do.</param>
/// <param name="Url">Upstream documentation, when there is one.</param>
public sealed record LintRule(
    string Id,
    string Name,
    bool IsBuildKit,
    DiagnosticSeverity DefaultSeverity,
    bool EnabledByDefault,
    bool Experimental,
    string Title,
    string MessageFormat,
    string Description,
    string? Url)
{
    /// <summary>The diagnostic descriptor findings of this rule carry; its help link is <c>docs/rules/ID.md</c>.</summary>
    public DiagnosticDescriptor Descriptor { get; } = new DiagnosticDescriptor(Id, Title, DefaultSeverity, MessageFormat, Description)
    {
        HelpLink = $"docs/rules/{Id}.md",
    };

    public string HelpLink => Descriptor.HelpLink;
}
