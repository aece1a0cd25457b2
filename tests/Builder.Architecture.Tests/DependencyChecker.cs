using System.Collections.Immutable;

namespace Builder.Architecture.Tests;

/// <summary>
/// Checks project files and built assemblies against a dependency table. Pure: it reads nothing
/// from disk, so tests can feed it a made-up table and graph. Every method returns the violations
/// it found, each a sentence naming the project and saying what to do; empty means clean.
/// </summary>
internal sealed class DependencyChecker
{
    private readonly ImmutableArray<ProjectRule> _table;
    private readonly ImmutableHashSet<string> _platformAssemblies;
    private readonly Dictionary<string, ProjectRule> _byFolder;
    private readonly Dictionary<string, ProjectRule> _byProjectFile;
    private readonly Dictionary<string, ProjectRule> _byAssembly;

    /// <param name="table">The dependency table.</param>
    /// <param name="platformAssemblies">
    /// Assemblies a package-restricted project may reference besides its allowed packages: the
    /// framework (BCL, netstandard facades) and what the allowed packages bring.
    /// </param>
    public DependencyChecker(ImmutableArray<ProjectRule> table, IEnumerable<string> platformAssemblies)
    {
        _table = table;
        _platformAssemblies = platformAssemblies.ToImmutableHashSet(StringComparer.OrdinalIgnoreCase);
        _byFolder = table.ToDictionary(r => r.Folder, StringComparer.Ordinal);
        _byProjectFile = table.ToDictionary(r => r.ProjectFile, StringComparer.Ordinal);
        _byAssembly = table.ToDictionary(r => r.AssemblyName, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The table itself: known folders only, no self-references, no cycles.</summary>
    public ImmutableArray<string> CheckTable()
    {
        var violations = ImmutableArray.CreateBuilder<string>();
        foreach (var rule in _table)
        {
            foreach (var target in rule.MayReference)
            {
                if (target == rule.Folder)
                {
                    violations.Add($"{rule.Folder} lists itself as a dependency.");
                }
                else if (!_byFolder.ContainsKey(target))
                {
                    violations.Add($"{rule.Folder} may reference '{target}', which has no row in the table.");
                }
            }
        }

        foreach (var rule in _table)
        {
            if (Closure(rule).Contains(rule.Folder))
            {
                violations.Add($"{rule.Folder} depends on itself through the table: dependencies must point one way.");
            }
        }

        return violations.ToImmutable();
    }

    /// <summary>Direct ProjectReferences and PackageReferences of each project file.</summary>
    public ImmutableArray<string> CheckProjects(IEnumerable<ProjectFileInfo> projects)
    {
        var violations = ImmutableArray.CreateBuilder<string>();
        foreach (var project in projects)
        {
            if (!_byProjectFile.TryGetValue(project.ProjectFile, out var rule))
            {
                violations.Add(
                    $"{project.ProjectFile} is not in the dependency table: add its row to " +
                    "tests/Builder.Architecture.Tests/DependencyRules.cs and to DESIGN.md's layout table.");
                continue;
            }

            if (!string.Equals(project.AssemblyName, rule.AssemblyName, StringComparison.Ordinal))
            {
                violations.Add(
                    $"{project.ProjectFile} builds assembly '{project.AssemblyName}', but the table says '{rule.AssemblyName}'.");
            }

            foreach (var reference in project.ProjectReferences)
            {
                if (!_byProjectFile.TryGetValue(reference, out var target))
                {
                    violations.Add(
                        $"{project.ProjectFile} references {reference}, which is not a project in the table; " +
                        $"{rule.Folder} may reference only {Describe(rule.MayReference)}.");
                }
                else if (!rule.MayReference.Contains(target.Folder))
                {
                    violations.Add(
                        $"{project.ProjectFile} references {reference}: {rule.Folder} may not depend on {target.Folder}; " +
                        $"it may reference only {Describe(rule.MayReference)}.");
                }
            }

            if (rule.OnlyPackages is { } allowed)
            {
                foreach (var package in project.PackageReferences)
                {
                    if (!allowed.Contains(package, StringComparer.OrdinalIgnoreCase))
                    {
                        violations.Add(
                            $"{project.ProjectFile} references NuGet package {package}; {rule.Folder} may use only {Describe(allowed, "no packages")}.");
                    }
                }
            }
        }

        return violations.ToImmutable();
    }

    /// <summary>The assembly references recorded in built assemblies' metadata.</summary>
    public ImmutableArray<string> CheckAssemblies(IEnumerable<BuiltAssembly> assemblies)
    {
        var violations = ImmutableArray.CreateBuilder<string>();
        foreach (var assembly in assemblies)
        {
            if (!_byProjectFile.TryGetValue(assembly.ProjectFile, out var rule))
            {
                violations.Add($"{assembly.Path} was built by {assembly.ProjectFile}, which is not in the dependency table.");
                continue;
            }

            var reachable = Closure(rule);
            foreach (var reference in assembly.References)
            {
                if (_byAssembly.TryGetValue(reference, out var target))
                {
                    if (target.Folder != rule.Folder && !reachable.Contains(target.Folder))
                    {
                        violations.Add(
                            $"{assembly.Path} references assembly {reference}: {rule.Folder} may not depend on " +
                            $"{target.Folder} (allowed: {Describe(rule.MayReference)} and what they reference).");
                    }

                    continue;
                }

                if (IsOurs(reference))
                {
                    violations.Add(
                        $"{assembly.Path} references assembly {reference}, which no project in the dependency table builds.");
                    continue;
                }

                if (rule.OnlyPackages is { } allowed
                    && !_platformAssemblies.Contains(reference)
                    && !allowed.Contains(reference, StringComparer.OrdinalIgnoreCase))
                {
                    violations.Add(
                        $"{assembly.Path} references assembly {reference}; {rule.Folder} may use only the framework " +
                        $"and {Describe(allowed, "no packages")}.");
                }
            }
        }

        return violations.ToImmutable();
    }

    /// <summary>Folders reachable from <paramref name="rule"/> through the table (not including itself unless cyclic).</summary>
    public ImmutableHashSet<string> Closure(ProjectRule rule)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(rule.MayReference);
        while (pending.Count > 0)
        {
            var folder = pending.Pop();
            if (!seen.Add(folder) || !_byFolder.TryGetValue(folder, out var next))
            {
                continue;
            }

            foreach (var target in next.MayReference)
            {
                pending.Push(target);
            }
        }

        return seen.ToImmutableHashSet(StringComparer.Ordinal);
    }

    private static bool IsOurs(string assemblyName) =>
        assemblyName.StartsWith("Builder.", StringComparison.OrdinalIgnoreCase)
        || string.Equals(assemblyName, "builder", StringComparison.OrdinalIgnoreCase);

    private static string Describe(IEnumerable<string> names, string none = "nothing of ours")
    {
        var list = names.ToList();
        return list.Count == 0 ? none : string.Join(", ", list);
    }
}
