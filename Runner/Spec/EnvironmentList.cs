using System.Collections.Immutable;

namespace Builder.Runner.Spec;

/// <summary>
/// The container's environment: the image's Env, then each <c>--env-file</c>, then each <c>-e</c>;
/// a later value of a name replaces an earlier one in place. A bare <c>NAME</c> takes the host's
/// value and is left out when the host has none (docker's rule).
/// </summary>
internal static class EnvironmentList
{
    public static ImmutableArray<string> Merge(IEnumerable<string> image, IEnumerable<string> envFiles, IEnumerable<string> flags, Func<string, string?> host)
    {
        var order = new List<string>();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        void Set(string entry, bool fromImage)
        {
            int eq = entry.IndexOf('=', StringComparison.Ordinal);
            if (eq == 0)
            {
                throw new RunnerException($"invalid environment variable \"{entry}\": the name before '=' is empty. Write NAME=VALUE.");
            }

            string name = eq < 0 ? entry : entry[..eq];
            string? value = eq >= 0 ? entry[(eq + 1)..] : fromImage ? string.Empty : host(name);
            if (value is null)
            {
                return;
            }

            if (!values.ContainsKey(name))
            {
                order.Add(name);
            }

            values[name] = value;
        }

        foreach (var entry in image)
        {
            Set(entry, fromImage: true);
        }

        foreach (var file in envFiles)
        {
            foreach (var entry in ReadEnvFile(file))
            {
                Set(entry, fromImage: false);
            }
        }

        foreach (var entry in flags)
        {
            Set(entry, fromImage: false);
        }

        return [.. order.Select(n => n + "=" + values[n])];
    }

    private static IEnumerable<string> ReadEnvFile(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RunnerException($"cannot read --env-file {path}: {e.Message} Check the path.", e);
        }

        // docker trims leading whitespace only: a value keeps its trailing spaces.
        return lines.Select(l => l.TrimStart()).Where(l => l.Length > 0 && !l.StartsWith('#'));
    }
}
