using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using Builder.TestKit;

namespace Builder.Parser.Tests.Lint;

/// <summary>One row of <c>conformance/lint/buildkit-check-cases.tsv</c> (see FORMAT.md there).</summary>
public sealed record CheckCase(
    string Id,
    string Dockerfile,
    string DockerIgnore,
    ImmutableDictionary<string, string> BuildArgs,
    ImmutableArray<ExpectedWarning> Warnings,
    string CheckError)
{
    private static readonly Lazy<ImmutableArray<CheckCase>> LazyAll = new(Load);

    public static ImmutableArray<CheckCase> All => LazyAll.Value;

    public static CheckCase Get(string id) => All.Single(c => c.Id == id);

    private static ImmutableArray<CheckCase> Load()
    {
        var lines = File.ReadAllLines(RepoPaths.ConformancePath("lint", "buildkit-check-cases.tsv"));
        var header = lines[0].Split('\t');
        int Col(string name) => Array.IndexOf(header, name);
        return lines.Skip(1).Where(l => l.Length > 0).Select(line =>
        {
            var f = line.Split('\t');
            var args = ImmutableDictionary<string, string>.Empty;
            if (f[Col("frontend_attrs")].Length > 0)
            {
                using var doc = JsonDocument.Parse(f[Col("frontend_attrs")]);
                foreach (var p in doc.RootElement.EnumerateObject())
                {
                    if (p.Name.StartsWith("build-arg:", StringComparison.Ordinal))
                    {
                        args = args.Add(p.Name.Substring("build-arg:".Length), p.Value.GetString()!);
                    }
                }
            }

            var warnings = ImmutableArray<ExpectedWarning>.Empty;
            if (f[Col("check_warnings")].Length > 0)
            {
                using var doc = JsonDocument.Parse(f[Col("check_warnings")]);
                warnings = doc.RootElement.EnumerateArray()
                    .Select(w => new ExpectedWarning(w.GetProperty("rule").GetString()!, w.GetProperty("line").GetInt32(), w.GetProperty("detail").GetString()!))
                    .ToImmutableArray();
            }

            return new CheckCase(f[Col("id")], Unescape(f[Col("dockerfile")]), Unescape(f[Col("dockerignore")]), args, warnings, Unescape(f[Col("check_error")]));
        }).ToImmutableArray();
    }

    private static string Unescape(string s)
    {
        var sb = new StringBuilder(s.Length);
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] == '\\' && i + 1 < s.Length)
            {
                char n = s[++i];
                sb.Append(n switch { 'n' => '\n', 't' => '\t', 'r' => '\r', _ => n });
            }
            else
            {
                sb.Append(s[i]);
            }
        }

        return sb.ToString();
    }

    public override string ToString() => Id;
}

public sealed record ExpectedWarning(string Rule, int Line, string Detail)
{
    public override string ToString() => $"{Rule}@{Line}: {Detail}";
}
