using Builder.Cache.Oci;
using Builder.Executor;
using Builder.Executor.Caching;

namespace Builder.Cli.Commands;

/// <summary>docker's <c>--cache-to</c>/<c>--cache-from</c> CSV: <c>type=local</c> (a folder) or <c>type=registry</c> (an OCI artifact under a tag).</summary>
internal static class CacheOption
{
    /// <param name="pathKey"><c>dest</c> for --cache-to, <c>src</c> for --cache-from.</param>
    public static bool TryParse(string text, string pathKey, out BuildCacheLocation? location, out bool maxMode, out string error)
    {
        location = null;
        maxMode = false;
        if (!OptionFields.TryParse(text, out var fields, out var part))
        {
            error = $"\"{text}\": \"{part}\" is not KEY=VALUE; use type=local,{pathKey}=DIR or type=registry,ref=REGISTRY/REPO:TAG.";
            return false;
        }

        if (fields.TryGetValue("mode", out var mode) && mode is not ("min" or "max"))
        {
            error = $"\"{text}\": mode={mode} is not min or max.";
            return false;
        }

        maxMode = mode == "max";
        switch (fields.GetValueOrDefault("type"))
        {
            case "local":
                if (!fields.TryGetValue(pathKey, out var path) || path.Length == 0)
                {
                    error = $"\"{text}\": name the folder with {pathKey}=DIR.";
                    return false;
                }

                location = new BuildCacheLocation.Folder(path);
                break;
            case "registry":
                if (!fields.TryGetValue("ref", out var name) || name.Length == 0)
                {
                    error = $"\"{text}\": name the cache with ref=REGISTRY/REPO:TAG.";
                    return false;
                }

                if (!ImageReference.TryParse(name, out var reference, out var why))
                {
                    error = $"\"{text}\": {why}.";
                    return false;
                }

                if (pathKey == "dest" && reference.Tag is null)
                {
                    error = $"\"{text}\": a cache is pushed under a tag; name one (ref={reference.Name}:TAG).";
                    return false;
                }

                location = new BuildCacheLocation.Registry(reference);
                break;
            default:
                error = $"\"{text}\": type={fields.GetValueOrDefault("type") ?? "(none)"} is not a cache type builder knows; use type=local,{pathKey}=DIR or type=registry,ref=REGISTRY/REPO:TAG.";
                return false;
        }

        error = string.Empty;
        return true;
    }
}
