using System.Text.Json;
using Builder.TestKit;

namespace Builder.Parser.Tests.Ignore;

/// <summary>One row of shared/conformance/dockerignore/cases.tsv, decoded.</summary>
public sealed record IgnoreCase(
    string Id,
    string Source,
    IReadOnlyList<string> Apis,
    IReadOnlyList<string> Patterns,
    string Path,
    string Expected,
    string Platform,
    string Notes);

/// <summary>One row of compile.tsv, decoded.</summary>
public sealed record CompileCase(string Pattern, string MatchType, string RegexpSlash, string RegexpBackslash);

/// <summary>Reads the dockerignore conformance vectors (see FORMAT.md next to them).</summary>
public static class ConformanceVectors
{
    private static readonly Lazy<IReadOnlyList<IgnoreCase>> LazyCases = new(LoadCases);
    private static readonly Lazy<IReadOnlyList<CompileCase>> LazyCompile = new(LoadCompile);

    public static IReadOnlyList<IgnoreCase> Cases => LazyCases.Value;

    public static IReadOnlyList<CompileCase> CompileCases => LazyCompile.Value;

    public static IgnoreCase Case(string id) => Cases.Single(c => c.Id == id);

    public static string PathOf(params string[] parts) =>
        RepoPaths.ConformancePath(new[] { "dockerignore" }.Concat(parts).ToArray());

    private static IReadOnlyList<IgnoreCase> LoadCases()
    {
        var rows = ReadTsv(PathOf("cases.tsv"), "id\tsource\tapis\tpatterns\tpath\texpected\tplatform\tnotes");
        return rows.Select(f => new IgnoreCase(
            f[0],
            f[1],
            f[2].Split(';'),
            JsonSerializer.Deserialize<string[]>(f[3])!,
            JsonSerializer.Deserialize<string>(f[4])!,
            f[5],
            f[6],
            f[7])).ToList();
    }

    private static IReadOnlyList<CompileCase> LoadCompile()
    {
        var rows = ReadTsv(PathOf("compile.tsv"), "pattern\tmatch_type\tregexp_slash\tregexp_backslash");
        return rows.Select(f => new CompileCase(
            JsonSerializer.Deserialize<string>(f[0])!,
            f[1],
            JsonSerializer.Deserialize<string>(f[2])!,
            JsonSerializer.Deserialize<string>(f[3])!)).ToList();
    }

    private static List<string[]> ReadTsv(string path, string header)
    {
        var lines = File.ReadAllText(path).Split('\n');
        if (lines[0] != header)
        {
            throw new InvalidDataException($"{path}: unexpected header '{lines[0]}'.");
        }

        int columns = header.Split('\t').Length;
        var rows = new List<string[]>();
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var fields = line.Split('\t');
            if (fields.Length != columns)
            {
                throw new InvalidDataException($"{path}: {fields.Length} fields in '{line}'.");
            }

            rows.Add(fields);
        }

        return rows;
    }
}
