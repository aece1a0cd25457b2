using Builder.Parser.Lint;
using Builder.TestKit;
using Xunit;

namespace Builder.Parser.Tests.Lint;

/// <summary>docs/rules/BLD2xxx.md are generated from the rule table; BUILDER_ACCEPT=1 rewrites them.</summary>
public sealed class RulePagesTests
{
    public static TheoryData<string> Ids() => new(LintRules.All.Select(r => r.Id));

    [Theory]
    [MemberData(nameof(Ids))]
    public void Help_page_is_generated_from_the_table(string id)
    {
        var rule = LintRules.All.Single(r => r.Id == id);
        Golden.Verify(Path.Combine(RepoPaths.Root, rule.HelpLink), Render(rule));
    }

    [Fact]
    public void Table_ids_and_names_are_unique_and_well_formed()
    {
        Assert.Equal(LintRules.All.Length, LintRules.All.Select(r => r.Id).Distinct().Count());
        Assert.Equal(LintRules.All.Length, LintRules.All.Select(r => r.Name.ToLowerInvariant()).Distinct().Count());
        Assert.All(LintRules.All, r => Assert.Matches("^BLD2[0-9]{3}$", r.Id));
        Assert.Equal(22, LintRules.All.Count(r => r.IsBuildKit));
        Assert.All(LintRules.All, r => Assert.Same(r, LintRules.Find(r.Name)));
        Assert.All(LintRules.All, r => Assert.Same(r, LintRules.Find(r.Id.ToLowerInvariant())));
    }

    private static string Render(LintRule r) => $"""
        # {r.Id}: {r.Title}

        | | |
        | --- | --- |
        | Name | `{r.Name}`{(r.IsBuildKit ? " (BuildKit build check)" : string.Empty)} |
        | Default severity | {r.DefaultSeverity.ToString().ToLowerInvariant()} |
        | Enabled by default | {(r.Experimental ? "no (experimental: `# check=experimental=" + r.Name + "`)" : r.EnabledByDefault ? "yes" : "no (noisy: `builder lint --enable " + r.Name + "`, or a severity in .globalconfig)")} |
        | Message | `{r.MessageFormat}` |
        {(r.Url is null ? string.Empty : $"| Upstream documentation | <{r.Url}> |\n")}
        ## What to do

        {r.Description}

        ## Configure

        - Skip it in one Dockerfile: `# check=skip={r.Name}` as the first line (`skip=all` skips every rule;
          `error=true` turns findings into errors). A `# check=skip={r.Name}` comment right above an
          instruction skips it for that instruction only.
        - `builder lint --build-arg BUILDKIT_DOCKERFILE_CHECK=skip={r.Name}` replaces the file's `# check=`.
        - In the C# build (Builder.Analyzers), in a `.globalconfig` file:
          `dotnet_diagnostic.{r.Id}.severity = none|suggestion|warning|error`. `.editorconfig` sections do not
          apply: Dockerfiles are additional files, which editorconfig sections never reach.

        <!-- Generated from the rule table (Parser/Lint) by the tests; edit the table, then run the tests with BUILDER_ACCEPT=1. -->

        """;
}
