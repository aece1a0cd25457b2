using System.Collections.Immutable;

namespace Builder.Architecture.Tests;

/// <summary>What a project file declares, as read from disk (or made up by a test).</summary>
/// <param name="ProjectFile">Relative to the repository root, '/' separators.</param>
/// <param name="AssemblyName">The AssemblyName property, or the file name without extension.</param>
/// <param name="ProjectReferences">Referenced project files, relative to the repository root.</param>
/// <param name="PackageReferences">Package ids, including those imported from Directory.*.props.</param>
internal sealed record ProjectFileInfo(
    string ProjectFile,
    string AssemblyName,
    ImmutableArray<string> ProjectReferences,
    ImmutableArray<string> PackageReferences);

/// <summary>A built assembly and the assembly names its metadata references.</summary>
/// <param name="ProjectFile">The project that built it, relative to the repository root.</param>
/// <param name="Path">Where it was read from (for messages).</param>
internal sealed record BuiltAssembly(
    string ProjectFile,
    string Path,
    string Name,
    ImmutableArray<string> References);
