using System.Collections.Immutable;

namespace Builder.Architecture.Tests;

/// <summary>One row of DESIGN.md's layout table.</summary>
/// <param name="Folder">Top-level folder, e.g. <c>Parser</c>.</param>
/// <param name="ProjectFile">The project file, relative to the repository root, with '/' separators.</param>
/// <param name="AssemblyName">The assembly the project builds.</param>
/// <param name="MayReference">Folders of the projects it may reference directly.</param>
/// <param name="OnlyPackages">
/// When set, the only NuGet packages the project may reference, and its assemblies may reference only
/// the framework plus these packages' assemblies. <c>null</c>: packages are not restricted.
/// </param>
internal sealed record ProjectRule(
    string Folder,
    string ProjectFile,
    string AssemblyName,
    ImmutableArray<string> MayReference,
    ImmutableArray<string>? OnlyPackages = null);
