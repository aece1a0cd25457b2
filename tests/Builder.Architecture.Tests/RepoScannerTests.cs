using Xunit;

namespace Builder.Architecture.Tests;

/// <summary>Discovery on a throw-away repository layout: a new top-level project cannot hide.</summary>
public sealed class RepoScannerTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("builder-arch-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Discovery_finds_new_projects_and_skips_tests_bench_fixtures_and_build_output()
    {
        Write("Parser/Builder.Parser.csproj", Csproj());
        Write("Tools/Builder.Tools.csproj", Csproj());
        Write("Executor/native/Helper/Builder.Helper.csproj", Csproj());
        Write("tests/Builder.Parser.Tests/Builder.Parser.Tests.csproj", Csproj());
        Write("bench/Builder.Bench/Builder.Bench.csproj", Csproj());
        Write("fixtures/msbuild/app/app.csproj", Csproj());
        Write("Parser/obj/Stale.csproj", Csproj());

        var found = RepoScanner.DiscoverProjectFiles(_root, DependencyRules.ExcludedFolders);

        Assert.Equal(
            ["Executor/native/Helper/Builder.Helper.csproj", "Parser/Builder.Parser.csproj", "Tools/Builder.Tools.csproj"],
            found.ToArray());
        var violations = new DependencyChecker(DependencyRules.Table, []).CheckProjects(
            found.Select(f => RepoScanner.ReadProject(_root, f)));
        Assert.Equal(2, violations.Length);
    }

    [Fact]
    public void Reading_a_project_resolves_references_and_imported_packages()
    {
        Write("Directory.Build.props", """
            <Project><ItemGroup><PackageReference Include="Injected.Everywhere" /></ItemGroup></Project>
            """);
        Write("Planner/Builder.Planner.csproj", Csproj("""
            <PropertyGroup><AssemblyName>Builder.Planner</AssemblyName></PropertyGroup>
            <ItemGroup>
              <ProjectReference Include="..\Parser\Builder.Parser.csproj" />
              <PackageReference Include="Sprache" />
            </ItemGroup>
            """));

        var project = RepoScanner.ReadProject(_root, "Planner/Builder.Planner.csproj");

        Assert.Equal("Builder.Planner", project.AssemblyName);
        Assert.Equal(["Parser/Builder.Parser.csproj"], project.ProjectReferences.ToArray());
        Assert.Equal(["Sprache", "Injected.Everywhere"], project.PackageReferences.ToArray());
    }

    private static string Csproj(string body = "") =>
        $"""<Project Sdk="Microsoft.NET.Sdk">{body}</Project>""";

    private void Write(string relative, string text)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
