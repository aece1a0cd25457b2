namespace Builder.Executor.Secrets;

/// <summary>
/// One <c>--secret</c>: an id that <c>RUN --mount=type=secret,id=ID</c> names, and where its value
/// comes from (a file or an environment variable of the builder's process). The value itself is
/// read only when a RUN mounts it, and never enters a layer, the config, the history, a cache key
/// or the progress log.
/// </summary>
public sealed record SecretSource(string Id, string? FilePath, string? EnvironmentVariable)
{
    /// <summary>
    /// docker's forms: <c>id=ID,src=PATH</c> (<c>source=</c>), <c>id=ID,env=VAR</c>, <c>type=file|env</c>;
    /// with only <c>id</c>, an environment variable of that name if set, else a file of that name (as buildx does).
    /// </summary>
    public static bool TryParse(string text, out SecretSource secret, out string error)
    {
        secret = new SecretSource(string.Empty, null, null);
        string? id = null, src = null, env = null, type = null;
        foreach (var part in text.Split(','))
        {
            int eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                error = $"--secret \"{text}\": \"{part}\" is not KEY=VALUE; use id=ID,src=FILE or id=ID,env=VARIABLE.";
                return false;
            }

            var value = part[(eq + 1)..];
            switch (part[..eq].Trim().ToLowerInvariant())
            {
                case "id": id = value; break;
                case "src" or "source": src = value; break;
                case "env": env = value; break;
                case "type": type = value; break;
                default:
                    error = $"--secret \"{text}\": unknown key \"{part[..eq]}\"; use id=ID,src=FILE or id=ID,env=VARIABLE.";
                    return false;
            }
        }

        if (type is not (null or "file" or "env"))
        {
            error = $"--secret \"{text}\": type={type} is not file or env.";
            return false;
        }

        id ??= src is not null ? Path.GetFileName(src) : env;
        if (string.IsNullOrEmpty(id))
        {
            error = $"--secret \"{text}\": name the secret with id=ID.";
            return false;
        }

        if (src is null && env is null)
        {
            if (type == "file" || (type is null && Environment.GetEnvironmentVariable(id) is null))
            {
                src = id;
            }
            else
            {
                env = id;
            }
        }
        else if (type == "env" && env is null)
        {
            (env, src) = (src, null);
        }

        secret = new SecretSource(id, src is null ? null : Path.GetFullPath(src), env);
        error = string.Empty;
        return true;
    }

    /// <summary>The secret's bytes, or null when its file or variable is missing.</summary>
    public byte[]? Read()
    {
        if (EnvironmentVariable is { } name)
        {
            return Environment.GetEnvironmentVariable(name) is { } value ? System.Text.Encoding.UTF8.GetBytes(value) : null;
        }

        return File.Exists(FilePath) ? File.ReadAllBytes(FilePath) : null;
    }

    /// <summary>Never the value: what a log may show.</summary>
    public override string ToString() => EnvironmentVariable is { } env ? $"secret {Id} (env {env})" : $"secret {Id} ({FilePath})";
}
