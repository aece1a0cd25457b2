using System.Text.Json;
using Builder.TestKit;

namespace Builder.Parser.Tests.Shell;

/// <summary>
/// Reads the BuildKit shell vectors in <c>shared/conformance/shell</c> exactly as FORMAT.md
/// describes (and as BuildKit's <c>lex_test.go</c> reads them).
/// </summary>
internal static class ShellConformance
{
    /// <summary>Environment for every envVarTest line.</summary>
    public static readonly IReadOnlyDictionary<string, string> EnvVarTestEnvironment = new Dictionary<string, string>
    {
        ["PWD"] = "/home",
        ["SHELL"] = "bash",
        ["KOREAN"] = "\uD55C\uAD6D\uC5B4",
        ["NULL"] = "",
    };

    private static readonly Lazy<IReadOnlyList<EnvVarRow>> LazyEnvVarRows = new(LoadEnvVarRows);
    private static readonly Lazy<IReadOnlyList<WordsRow>> LazyWordsRows = new(LoadWordsRows);
    private static readonly Lazy<IReadOnlyList<ProcessWordCase>> LazyProcessWordCases = new(LoadProcessWordCases);

    public static IReadOnlyList<EnvVarRow> EnvVarRows => LazyEnvVarRows.Value;

    public static IReadOnlyList<WordsRow> WordsRows => LazyWordsRows.Value;

    public static IReadOnlyList<ProcessWordCase> ProcessWordCases => LazyProcessWordCases.Value;

    private static IReadOnlyList<EnvVarRow> LoadEnvVarRows()
    {
        var lines = File.ReadAllLines(RepoPaths.ConformancePath("shell", "envVarTest"));
        var rows = new List<EnvVarRow>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith('#') || line.Trim().Length == 0)
            {
                continue;
            }

            var fields = line.Split('|');
            if (fields.Length != 3)
            {
                throw new InvalidDataException($"envVarTest line {i + 1} has {fields.Length} fields: {line}");
            }

            // string.Trim removes char.IsWhiteSpace, the same set as Go's strings.TrimSpace.
            rows.Add(new EnvVarRow(i + 1, fields[0].Trim(), fields[1].Trim(), fields[2].Trim()));
        }

        return rows;
    }

    private static IReadOnlyList<WordsRow> LoadWordsRows()
    {
        var lines = File.ReadAllLines(RepoPaths.ConformancePath("shell", "wordsTest"));
        var env = new List<string>();
        var rows = new List<WordsRow>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith('#'))
            {
                continue;
            }

            if (line.StartsWith("ENV ", StringComparison.Ordinal))
            {
                // The value keeps its trailing spaces.
                env.Add(line.Substring(3).TrimStart(' '));
                continue;
            }

            var fields = line.Split('|');
            if (fields.Length != 2)
            {
                throw new InvalidDataException($"wordsTest line {i + 1} must have exactly one '|': {line}");
            }

            var expected = fields[1].TrimStart(' ').Split(',');
            rows.Add(new WordsRow(i + 1, fields[0].Trim(), expected, env.ToArray()));
        }

        return rows;
    }

    private static IReadOnlyList<ProcessWordCase> LoadProcessWordCases()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(RepoPaths.ConformancePath("shell", "process-word-cases.json")));
        var cases = new List<ProcessWordCase>();
        foreach (var group in new[] { "process_with_matches", "platform_release_name", "mandatory_env_vars" })
        {
            var index = 0;
            foreach (var c in doc.RootElement.GetProperty(group).GetProperty("cases").EnumerateArray())
            {
                var env = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var property in c.GetProperty("env").EnumerateObject())
                {
                    env[property.Name] = property.Value.GetString()!;
                }

                cases.Add(new ProcessWordCase(
                    group,
                    index++,
                    c.GetProperty("input").GetString()!,
                    env,
                    c.GetProperty("expect_error").GetBoolean(),
                    OptionalString(c, "expected"),
                    OptionalSet(c, "matched"),
                    OptionalSet(c, "unmatched"),
                    OptionalString(c, "error_contains")));
            }
        }

        return cases;
    }

    private static string? OptionalString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.GetString() : null;

    private static IReadOnlyList<string>? OptionalSet(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value)
            ? value.EnumerateArray().Select(v => v.GetString()!).ToList()
            : null;
}

internal sealed record EnvVarRow(int Line, string Platform, string Input, string Expected)
{
    public bool ExpectError => Expected == "error";
}

internal sealed record WordsRow(int Line, string Input, string[] Expected, string[] EnvPairs)
{
    public bool ExpectError => Expected.Length == 1 && Expected[0] == "error";
}

internal sealed record ProcessWordCase(
    string Group,
    int Index,
    string Input,
    IReadOnlyDictionary<string, string> Env,
    bool ExpectError,
    string? Expected,
    IReadOnlyList<string>? Matched,
    IReadOnlyList<string>? Unmatched,
    string? ErrorContains);
