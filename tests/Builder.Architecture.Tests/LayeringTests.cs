using System.Reflection;
using Builder.TestKit;
using Xunit;

namespace Builder.Architecture.Tests;

/// <summary>The real repository against DESIGN.md's layout table (<see cref="DependencyRules"/>).</summary>
public sealed class LayeringTests
{
    private static readonly DependencyChecker Checker = new(
        DependencyRules.Table,
        RepoScanner.FrameworkAssemblies().Union(DependencyRules.ParserPackageAssemblies));

    private static string Configuration =>
        typeof(LayeringTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";

    [Fact]
    public void The_table_points_one_way()
    {
        AssertClean(Checker.CheckTable());
    }

    [Fact]
    public void Every_project_is_in_the_table_and_references_only_what_it_may()
    {
        var projects = DiscoverProjects();

        Assert.Contains(projects, p => p.ProjectFile == "Parser/Builder.Parser.csproj");
        AssertClean(Checker.CheckProjects(projects));
    }

    [Fact]
    public void Parser_uses_no_package_but_immutable_collections_and_memory()
    {
        var parser = RepoScanner.ReadProject(RepoPaths.Root, "Parser/Builder.Parser.csproj");

        var unexpected = parser.PackageReferences
            .Except(DependencyRules.ParserPackages, StringComparer.OrdinalIgnoreCase)
            .ToList();
        Assert.True(unexpected.Count == 0, $"Builder.Parser references NuGet packages {string.Join(", ", unexpected)}: " +
            "it is loaded inside the compiler by the analyzer and may use only " +
            string.Join(", ", DependencyRules.ParserPackages) + ".");
        Assert.Empty(parser.ProjectReferences);
    }

    [Fact]
    public void Built_assemblies_reference_only_what_their_project_may()
    {
        var projects = DiscoverProjects();
        var known = projects.Where(p => DependencyRules.Table.Any(r => r.ProjectFile == p.ProjectFile)).ToList();

        var missing = new List<string>();
        var assemblies = new List<BuiltAssembly>();
        foreach (var project in known)
        {
            var built = RepoScanner.FindBuiltAssemblies(RepoPaths.Root, project, Configuration);
            if (built.IsEmpty)
            {
                missing.Add(project.ProjectFile);
            }

            assemblies.AddRange(built);
        }

        Assert.True(missing.Count == 0,
            $"No {Configuration} build output for {string.Join(", ", missing)}: build the solution first " +
            $"(dotnet build Builder.sln -c {Configuration}).");
        Assert.Contains(assemblies, a => a.Name == "Builder.Parser");
        AssertClean(Checker.CheckAssemblies(assemblies));
    }

    private static List<ProjectFileInfo> DiscoverProjects() =>
        RepoScanner.DiscoverProjectFiles(RepoPaths.Root, DependencyRules.ExcludedFolders)
            .Select(file => RepoScanner.ReadProject(RepoPaths.Root, file))
            .ToList();

    private static void AssertClean(IReadOnlyCollection<string> violations) =>
        Assert.True(violations.Count == 0,
            "Dependency rule violations (DESIGN.md, layout table):" + Environment.NewLine +
            string.Join(Environment.NewLine, violations.Select(v => "  - " + v)));
}
