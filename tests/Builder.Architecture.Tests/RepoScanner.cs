using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;

namespace Builder.Architecture.Tests;

/// <summary>Reads the repository: which project files exist, what they declare, what they built.</summary>
internal static class RepoScanner
{
    private static readonly string[] SkippedDirectories = ["bin", "obj", "node_modules", "TestResults"];

    /// <summary>
    /// Every <c>*.csproj</c> under <paramref name="root"/>, relative with '/' separators, except under
    /// the excluded top-level folders, build output and hidden folders.
    /// </summary>
    public static ImmutableArray<string> DiscoverProjectFiles(string root, IEnumerable<string> excludedTopLevel)
    {
        var excluded = excludedTopLevel.ToHashSet(StringComparer.Ordinal);
        var found = ImmutableArray.CreateBuilder<string>();
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            found.AddRange(Directory.EnumerateFiles(dir, "*.csproj").Select(f => Relative(root, f)));
            foreach (var child in Directory.EnumerateDirectories(dir))
            {
                var name = Path.GetFileName(child);
                var topLevel = dir == root;
                if (name.StartsWith('.') || SkippedDirectories.Contains(name) || (topLevel && excluded.Contains(name)))
                {
                    continue;
                }

                pending.Push(child);
            }
        }

        found.Sort(StringComparer.Ordinal);
        return found.ToImmutable();
    }

    /// <summary>
    /// Reads a project file. Package references include those from Directory.Build.props/.targets
    /// and GlobalPackageReference items from Directory.Packages.props between the project and the
    /// root, whatever their conditions: the check is conservative.
    /// </summary>
    public static ProjectFileInfo ReadProject(string root, string projectFile)
    {
        var path = Path.Combine(root, projectFile);
        var dir = Path.GetDirectoryName(path)!;
        var xml = XDocument.Load(path);

        var assemblyName = Elements(xml, "AssemblyName").Select(e => e.Value.Trim()).LastOrDefault(v => v.Length > 0)
            ?? Path.GetFileNameWithoutExtension(path);

        var projectReferences = Includes(xml, "ProjectReference")
            .Select(include => Relative(root, Path.GetFullPath(Path.Combine(dir, include.Replace('\\', '/')))))
            .Distinct(StringComparer.Ordinal)
            .ToImmutableArray();

        var packages = Includes(xml, "PackageReference").ToList();
        foreach (var imported in ImportedPropsFiles(root, dir))
        {
            var importedXml = XDocument.Load(imported);
            packages.AddRange(Includes(importedXml, "PackageReference"));
            packages.AddRange(Includes(importedXml, "GlobalPackageReference"));
        }

        return new ProjectFileInfo(
            projectFile,
            assemblyName,
            projectReferences,
            packages.Distinct(StringComparer.OrdinalIgnoreCase).ToImmutableArray());
    }

    /// <summary>
    /// The assemblies a project built for <paramref name="configuration"/>, one per target framework
    /// it declares (every framework folder present when it declares none).
    /// </summary>
    public static ImmutableArray<BuiltAssembly> FindBuiltAssemblies(
        string root, ProjectFileInfo project, string configuration)
    {
        var projectPath = Path.Combine(root, project.ProjectFile);
        var outputRoot = Path.Combine(Path.GetDirectoryName(projectPath)!, "bin", configuration);
        if (!Directory.Exists(outputRoot))
        {
            return [];
        }

        var declared = TargetFrameworks(XDocument.Load(projectPath));
        var frameworkDirs = declared.Count > 0
            ? declared.Select(tfm => Path.Combine(outputRoot, tfm)).Where(Directory.Exists)
            : Directory.EnumerateDirectories(outputRoot);

        var fileName = project.AssemblyName + ".dll";
        return frameworkDirs
            .SelectMany(d => Directory.EnumerateFiles(d, fileName, SearchOption.AllDirectories))
            .Select(file => new BuiltAssembly(project.ProjectFile, Relative(root, file), project.AssemblyName, ReadReferences(file)))
            .ToImmutableArray();
    }

    /// <summary>Names of the assemblies an assembly's metadata references (read, not loaded).</summary>
    public static ImmutableArray<string> ReadReferences(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        return metadata.AssemblyReferences
            .Select(h => metadata.GetString(metadata.GetAssemblyReference(h).Name))
            .ToImmutableArray();
    }

    /// <summary>The shared framework's assembly names plus the netstandard facades.</summary>
    public static ImmutableHashSet<string> FrameworkAssemblies()
    {
        var runtimeDir = System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory();
        return Directory.EnumerateFiles(runtimeDir, "*.dll")
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .Append("netstandard")
            .Append("mscorlib")
            .ToImmutableHashSet(StringComparer.OrdinalIgnoreCase);
    }

    private static List<string> TargetFrameworks(XDocument xml) =>
        Elements(xml, "TargetFramework").Concat(Elements(xml, "TargetFrameworks"))
            .SelectMany(e => e.Value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Where(tfm => !tfm.Contains('$'))
            .Distinct(StringComparer.Ordinal)
            .ToList();

    private static IEnumerable<string> ImportedPropsFiles(string root, string projectDir)
    {
        var rootFull = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar);
        for (var dir = new DirectoryInfo(projectDir); dir is not null; dir = dir.Parent)
        {
            foreach (var name in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
            {
                var candidate = Path.Combine(dir.FullName, name);
                if (File.Exists(candidate))
                {
                    yield return candidate;
                }
            }

            if (string.Equals(dir.FullName.TrimEnd(Path.DirectorySeparatorChar), rootFull, StringComparison.Ordinal))
            {
                yield break;
            }
        }
    }

    private static IEnumerable<XElement> Elements(XDocument xml, string localName) =>
        xml.Descendants().Where(e => e.Name.LocalName == localName);

    private static IEnumerable<string> Includes(XDocument xml, string itemName) =>
        Elements(xml, itemName)
            .Select(e => (string?)e.Attribute("Include"))
            .OfType<string>()
            .SelectMany(v => v.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static string Relative(string root, string path) =>
        Path.GetRelativePath(root, path).Replace('\\', '/');
}
