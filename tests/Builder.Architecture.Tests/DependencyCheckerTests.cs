using System.Collections.Immutable;
using Xunit;

namespace Builder.Architecture.Tests;

/// <summary>
/// The checker on made-up graphs, so that the layering tests are known to fail when a rule is broken.
/// </summary>
public sealed class DependencyCheckerTests
{
    private static readonly string[] Platform = ["netstandard", "System.Runtime", "System.Collections.Immutable"];

    private static readonly DependencyChecker Checker = new(DependencyRules.Table, Platform);

    [Fact]
    public void A_clean_graph_has_no_violations()
    {
        ProjectFileInfo[] projects =
        [
            Project("Parser/Builder.Parser.csproj", "Builder.Parser", packages: ["System.Memory"]),
            Project("Planner/Builder.Planner.csproj", "Builder.Planner",
                ["Parser/Builder.Parser.csproj", "Cache/Builder.Cache.csproj"]),
            Project("Cli/Builder.Cli.csproj", "builder", ["Planner/Builder.Planner.csproj"], ["System.CommandLine"]),
        ];

        Assert.Empty(Checker.CheckTable());
        Assert.Empty(Checker.CheckProjects(projects));
    }

    [Fact]
    public void A_back_reference_is_flagged()
    {
        var violations = Checker.CheckProjects(
            [Project("Parser/Builder.Parser.csproj", "Builder.Parser", ["Planner/Builder.Planner.csproj"])]);

        var violation = Assert.Single(violations);
        Assert.Contains("Parser may not depend on Planner", violation);
    }

    [Fact]
    public void Skipping_a_layer_directly_is_flagged()
    {
        var violations = Checker.CheckProjects(
            [Project("Runner/Builder.Runner.csproj", "Builder.Runner", ["Planner/Builder.Planner.csproj"])]);

        Assert.Contains("Runner may not depend on Planner", Assert.Single(violations));
    }

    [Fact]
    public void A_host_referencing_a_host_is_flagged()
    {
        var violations = Checker.CheckProjects(
            [Project("MSBuild/Builder.MSBuild.csproj", "Builder.MSBuild", ["Cli/Builder.Cli.csproj"])]);

        Assert.Contains("MSBuild may not depend on Cli", Assert.Single(violations));
    }

    [Fact]
    public void A_project_missing_from_the_table_is_flagged()
    {
        var violations = Checker.CheckProjects([Project("Tools/Builder.Tools.csproj", "Builder.Tools")]);

        Assert.Contains("Tools/Builder.Tools.csproj is not in the dependency table", Assert.Single(violations));
    }

    [Fact]
    public void A_reference_to_a_test_project_is_flagged()
    {
        var violations = Checker.CheckProjects(
            [Project("Cache/Builder.Cache.csproj", "Builder.Cache", ["tests/Builder.TestKit/Builder.TestKit.csproj"])]);

        Assert.Contains("not a project in the table", Assert.Single(violations));
    }

    [Fact]
    public void A_wrong_assembly_name_is_flagged()
    {
        var violations = Checker.CheckProjects([Project("Cli/Builder.Cli.csproj", "Builder.Cli")]);

        Assert.Contains("the table says 'builder'", Assert.Single(violations));
    }

    [Fact]
    public void A_parser_package_outside_the_allow_list_is_flagged()
    {
        var violations = Checker.CheckProjects(
            [Project("Parser/Builder.Parser.csproj", "Builder.Parser", packages: ["System.Memory", "Sprache"])]);

        Assert.Contains("NuGet package Sprache", Assert.Single(violations));
    }

    [Fact]
    public void An_assembly_back_reference_is_flagged()
    {
        var violations = Checker.CheckAssemblies(
            [Assembly("Cache/Builder.Cache.csproj", "Builder.Cache", "System.Runtime", "Builder.Planner")]);

        Assert.Contains("Cache may not depend on Planner", Assert.Single(violations));
    }

    [Fact]
    public void An_assembly_may_name_what_its_references_expose_but_its_project_may_not_reference_it()
    {
        var assemblyViolations = Checker.CheckAssemblies(
            [Assembly("Executor/Builder.Executor.csproj", "Builder.Executor", "Builder.Planner", "Builder.Parser", "Builder.Cache")]);
        var projectViolations = Checker.CheckProjects(
            [Project("Executor/Builder.Executor.csproj", "Builder.Executor", ["Parser/Builder.Parser.csproj"])]);

        Assert.Empty(assemblyViolations);
        Assert.Contains("Executor may not depend on Parser", Assert.Single(projectViolations));
    }

    [Fact]
    public void An_unknown_assembly_of_ours_is_flagged()
    {
        var violations = Checker.CheckAssemblies(
            [Assembly("Cli/Builder.Cli.csproj", "builder", "Builder.Parser", "Builder.Tools")]);

        Assert.Contains("Builder.Tools, which no project in the dependency table builds", Assert.Single(violations));
    }

    [Fact]
    public void A_parser_assembly_using_a_non_framework_assembly_is_flagged()
    {
        var violations = Checker.CheckAssemblies(
            [Assembly("Parser/Builder.Parser.csproj", "Builder.Parser", "netstandard", "System.Collections.Immutable", "Sprache")]);

        Assert.Contains("references assembly Sprache", Assert.Single(violations));
    }

    [Fact]
    public void A_cycle_in_the_table_is_flagged()
    {
        var checker = new DependencyChecker(
        [
            new ProjectRule("A", "A/A.csproj", "A", ["B"]),
            new ProjectRule("B", "B/B.csproj", "B", ["C"]),
            new ProjectRule("C", "C/C.csproj", "C", ["A", "Missing"]),
        ], Platform);

        var violations = checker.CheckTable();

        Assert.Contains(violations, v => v.Contains("'Missing', which has no row", StringComparison.Ordinal));
        Assert.Equal(3, violations.Count(v => v.Contains("depends on itself", StringComparison.Ordinal)));
    }

    private static ProjectFileInfo Project(
        string file, string assembly, string[]? references = null, string[]? packages = null) =>
        new(file, assembly, [.. references ?? []], [.. packages ?? []]);

    private static BuiltAssembly Assembly(string project, string name, params string[] references) =>
        new(project, $"{project}/bin/{name}.dll", name, [.. references]);
}
