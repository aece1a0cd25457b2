namespace Builder.Cli.Commands;

/// <summary>docker's <c>--cache-to</c>/<c>--cache-from</c> CSV: only <c>type=local</c> for now.</summary>
internal static class CacheOption
{
    /// <param name="pathKey"><c>dest</c> for --cache-to, <c>src</c> for --cache-from.</param>
    public static bool TryParse(string text, string pathKey, out string folder, out bool maxMode, out string error)
    {
        folder = string.Empty;
        maxMode = false;
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in text.Split(','))
        {
            int eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                error = $"\"{text}\": \"{part}\" is not KEY=VALUE; use type=local,{pathKey}=DIR.";
                return false;
            }

            fields[part[..eq].Trim()] = part[(eq + 1)..].Trim();
        }

        if (fields.GetValueOrDefault("type") != "local")
        {
            error = $"\"{text}\": only type=local is supported (type=local,{pathKey}=DIR); a registry cache is not there yet.";
            return false;
        }

        if (!fields.TryGetValue(pathKey, out var path) || path.Length == 0)
        {
            error = $"\"{text}\": name the folder with {pathKey}=DIR.";
            return false;
        }

        if (fields.TryGetValue("mode", out var mode) && mode is not ("min" or "max"))
        {
            error = $"\"{text}\": mode={mode} is not min or max.";
            return false;
        }

        folder = path;
        maxMode = mode == "max";
        error = string.Empty;
        return true;
    }
}
