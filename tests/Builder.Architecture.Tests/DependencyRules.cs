using System.Collections.Immutable;

namespace Builder.Architecture.Tests;

/// <summary>
/// DESIGN.md's layout table, written down once. A project under a top-level folder (other than
/// tests/, bench/ and fixtures/) that is not listed here fails the architecture tests: add its row
/// here and in DESIGN.md in the same change.
/// </summary>
/// <remarks>
/// <para>Direct <c>ProjectReference</c>s must be in <see cref="ProjectRule.MayReference"/> exactly.
/// A built assembly may also name assemblies reachable through those (Executor may use a Parser type
/// that Planner exposes), because that keeps dependencies one way; it may never name one outside
/// that closure.</para>
/// <para>Hosts do not reference hosts: "everything above" for Cli and MSBuild means the libraries
/// (and, for Cli, the analyzer library), not each other.</para>
/// </remarks>
internal static class DependencyRules
{
    /// <summary>NuGet packages Builder.Parser may use: it is loaded inside the compiler by the analyzer.</summary>
    public static readonly ImmutableArray<string> ParserPackages =
        ["System.Collections.Immutable", "System.Memory"];

    public static readonly ImmutableArray<ProjectRule> Table =
    [
        new("Parser", "Parser/Builder.Parser.csproj", "Builder.Parser", [], ParserPackages),
        new("Cache", "Cache/Builder.Cache.csproj", "Builder.Cache", []),
        new("Planner", "Planner/Builder.Planner.csproj", "Builder.Planner", ["Parser", "Cache"]),
        new("Executor", "Executor/Builder.Executor.csproj", "Builder.Executor", ["Planner", "Cache"]),
        new("Runner", "Runner/Builder.Runner.csproj", "Builder.Runner", ["Executor", "Cache"]),
        new("Analyzers", "Analyzers/Builder.Analyzers.csproj", "Builder.Analyzers", ["Parser"]),
        new("Cli", "Cli/Builder.Cli.csproj", "builder",
            ["Parser", "Cache", "Planner", "Executor", "Runner", "Analyzers"]),
        new("MSBuild", "MSBuild/Builder.MSBuild.csproj", "Builder.MSBuild",
            ["Parser", "Cache", "Planner", "Executor", "Runner"]),
    ];

    /// <summary>Top-level folders whose project files are not product projects.</summary>
    public static readonly ImmutableArray<string> ExcludedFolders = ["tests", "bench", "fixtures"];

    /// <summary>
    /// Assemblies that the allowed packages bring (the packages themselves and their dependencies on
    /// netstandard2.0); on net10.0 they are part of the shared framework anyway.
    /// </summary>
    public static readonly ImmutableArray<string> ParserPackageAssemblies =
    [
        "System.Collections.Immutable", "System.Memory", "System.Buffers",
        "System.Numerics.Vectors", "System.Runtime.CompilerServices.Unsafe",
    ];
}
