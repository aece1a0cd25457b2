using System.Text;
using Builder.Parser.Syntax;

namespace Builder.Parser.Instructions;

/// <summary>
/// Parses the value of <c>RUN --mount</c>: comma-separated <c>key=value</c> fields (CSV quoting),
/// keys case-insensitive, boolean fields such as <c>ro</c> allowed bare.
/// </summary>
internal static class MountParser
{
    private static readonly string[] Keys =
    [
        "type", "target", "dst", "destination", "source", "src", "from", "readonly", "ro", "readwrite", "rw",
        "id", "sharing", "mode", "uid", "gid", "required", "env", "size",
    ];

    public static MountSpec? Parse(SyntaxToken flag, out string? error)
    {
        error = null;
        var fields = SplitCsv(flag.Value, out error);
        if (fields is null)
        {
            return null;
        }

        var type = MountType.Bind;
        string? target = null, source = null, from = null, id = null, mode = null, uid = null, gid = null, env = null, size = null;
        bool? readOnly = null;
        bool required = false;
        var sharing = CacheSharing.Shared;
        string? sharingText = null;

        // The type decides the defaults, so read it first.
        foreach (var field in fields)
        {
            Split(field, out var key, out var value);
            if (key == "type")
            {
                switch (value)
                {
                    case "bind": type = MountType.Bind; break;
                    case "cache": type = MountType.Cache; break;
                    case "tmpfs": type = MountType.Tmpfs; break;
                    case "secret": type = MountType.Secret; break;
                    case "ssh": type = MountType.Ssh; break;
                    default:
                        error = $"unsupported mount type \"{value}\"";
                        return null;
                }
            }
        }

        foreach (var field in fields)
        {
            Split(field, out var key, out var value);
            if (Array.IndexOf(Keys, key) < 0)
            {
                error = $"unexpected key '{key}' in '{field}'{DidYouMean.Suffix(key, Keys)}";
                return null;
            }

            switch (key)
            {
                case "type":
                    break;
                case "target":
                case "dst":
                case "destination":
                    target = value;
                    break;
                case "source":
                case "src":
                    source = value;
                    break;
                case "from":
                    from = value;
                    break;
                case "readonly":
                case "ro":
                case "readwrite":
                case "rw":
                    if (!TryBool(value, out bool flagValue))
                    {
                        error = $"invalid value for {key}: \"{value}\"";
                        return null;
                    }

                    readOnly = key is "readonly" or "ro" ? flagValue : !flagValue;
                    break;
                case "required":
                    if (!TryBool(value, out required))
                    {
                        error = $"invalid value for required: \"{value}\"";
                        return null;
                    }

                    break;
                case "id":
                    id = value;
                    break;
                case "sharing":
                    sharingText = value;
                    break;
                case "mode":
                    mode = value;
                    break;
                case "uid":
                    uid = value;
                    break;
                case "gid":
                    gid = value;
                    break;
                case "env":
                    env = value;
                    break;
                case "size":
                    size = value;
                    break;
            }
        }

        if (sharingText is not null && !IsVariable(sharingText))
        {
            switch (sharingText.ToLowerInvariant())
            {
                case "shared": sharing = CacheSharing.Shared; break;
                case "private": sharing = CacheSharing.Private; break;
                case "locked": sharing = CacheSharing.Locked; break;
                default:
                    error = $"unsupported sharing value \"{sharingText}\" (use shared, private or locked)";
                    return null;
            }

            if (type != MountType.Cache)
            {
                error = "sharing is only supported for cache mounts";
                return null;
            }
        }

        if (mode is not null && !IsVariable(mode) && !IsOctal(mode))
        {
            error = $"invalid mode \"{mode}\": expected an octal number such as 0755";
            return null;
        }

        if (uid is not null && !IsVariable(uid) && !IsDecimal(uid))
        {
            error = $"invalid uid \"{uid}\": expected a number";
            return null;
        }

        if (gid is not null && !IsVariable(gid) && !IsDecimal(gid))
        {
            error = $"invalid gid \"{gid}\": expected a number";
            return null;
        }

        if ((type is MountType.Bind or MountType.Cache or MountType.Tmpfs) && string.IsNullOrEmpty(target))
        {
            error = $"mount type {type.ToString().ToLowerInvariant()} requires a target, e.g. target=/path";
            return null;
        }

        if (from is not null && type is not (MountType.Bind or MountType.Cache))
        {
            error = "from is only supported for bind and cache mounts";
            return null;
        }

        if (type == MountType.Tmpfs && source is not null)
        {
            error = "source is not supported for tmpfs mounts";
            return null;
        }

        if (type == MountType.Secret && id is null && string.IsNullOrEmpty(target) && env is null)
        {
            error = "secret mounts need an id or a target";
            return null;
        }

        bool defaultReadOnly = type is MountType.Bind or MountType.Secret or MountType.Ssh;
        return new MountSpec(flag, type, target, source, from, readOnly ?? defaultReadOnly, id, sharing, mode, uid, gid, required, env, size);
    }

    private static bool IsVariable(string value) => value.IndexOf('$') >= 0;

    private static bool IsOctal(string s) => s.Length > 0 && s.All(c => c >= '0' && c <= '7');

    private static bool IsDecimal(string s) => s.Length > 0 && s.All(c => c >= '0' && c <= '9');

    private static bool TryBool(string? value, out bool result)
    {
        result = true;
        if (value is null)
        {
            return true;
        }

        switch (value.ToLowerInvariant())
        {
            case "true":
            case "1":
                result = true;
                return true;
            case "false":
            case "0":
                result = false;
                return true;
            default:
                return false;
        }
    }

    private static void Split(string field, out string key, out string? value)
    {
        int eq = field.IndexOf('=');
        key = (eq < 0 ? field : field.Substring(0, eq)).Trim().ToLowerInvariant();
        value = eq < 0 ? null : field.Substring(eq + 1);
    }

    // encoding/csv's one-record reader: fields split on ',', a field that starts with '"' is quoted
    // and "" inside it is a literal quote.
    private static List<string>? SplitCsv(string text, out string? error)
    {
        error = null;
        var fields = new List<string>();
        var field = new StringBuilder();
        int p = 0;
        while (true)
        {
            field.Clear();
            if (p < text.Length && text[p] == '"')
            {
                p++;
                while (true)
                {
                    if (p >= text.Length)
                    {
                        error = "extraneous or missing \" in quoted field";
                        return null;
                    }

                    if (text[p] == '"')
                    {
                        if (p + 1 < text.Length && text[p + 1] == '"')
                        {
                            field.Append('"');
                            p += 2;
                            continue;
                        }

                        p++;
                        break;
                    }

                    field.Append(text[p++]);
                }

                if (p < text.Length && text[p] != ',')
                {
                    error = "extraneous or missing \" in quoted field";
                    return null;
                }
            }
            else
            {
                while (p < text.Length && text[p] != ',')
                {
                    field.Append(text[p++]);
                }
            }

            fields.Add(field.ToString());
            if (p >= text.Length)
            {
                return fields;
            }

            p++; // ','
        }
    }
}
