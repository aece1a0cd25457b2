namespace Builder.Executor.Export;

/// <summary>Where a build's image goes besides the store, as <c>--output</c> names it.</summary>
public enum BuildOutputType
{
    /// <summary><c>type=image</c>: the local store only (what every build does).</summary>
    Image,

    /// <summary><c>type=oci,dest=FILE</c>: an OCI image layout tar.</summary>
    Oci,

    /// <summary><c>type=docker,dest=FILE</c>: a tar that <c>docker load</c> reads.</summary>
    Docker,

    /// <summary><c>type=local,dest=DIR</c> (or a bare <c>DIR</c>): the image's root file system written into a folder.</summary>
    Local,

    /// <summary><c>type=registry</c> (or <c>type=image,push=true</c>): the store, then a push of every <c>-t</c> name, as <c>--push</c>.</summary>
    Registry,
}

/// <summary>One <c>--output</c>: <c>type=image</c>, <c>type=oci,dest=FILE</c>, <c>type=docker,dest=FILE</c> or <c>type=local,dest=DIR</c>.</summary>
public sealed record BuildOutput(BuildOutputType Type, string? Destination)
{
    /// <summary>
    /// Parses docker's CSV form (<c>type=oci,dest=out.tar</c>; a bare value without <c>=</c> is
    /// <c>type=local,dest=VALUE</c>, as in docker).
    /// </summary>
    public static bool TryParse(string text, out BuildOutput output, out string error)
    {
        output = new BuildOutput(BuildOutputType.Image, null);
        if (text.Length > 0 && !text.Contains('=', StringComparison.Ordinal) && !text.Contains(',', StringComparison.Ordinal))
        {
            output = new BuildOutput(BuildOutputType.Local, text);
            error = string.Empty;
            return true;
        }

        if (!OptionFields.TryParse(text, out var fields, out var part))
        {
            error = $"--output \"{text}\": \"{part}\" is not KEY=VALUE; use type=image, type=oci,dest=FILE, type=docker,dest=FILE or type=local,dest=DIR.";
            return false;
        }

        fields.TryGetValue("dest", out var dest);
        switch (fields.GetValueOrDefault("type"))
        {
            case "image" when fields.GetValueOrDefault("push") == "true":
            case "registry":
                output = new BuildOutput(BuildOutputType.Registry, null);
                error = string.Empty;
                return true;
            case "image":
                error = string.Empty;
                return true;
            case "oci" or "docker" or "local" when !string.IsNullOrEmpty(dest):
                output = new BuildOutput(fields["type"] switch { "oci" => BuildOutputType.Oci, "docker" => BuildOutputType.Docker, _ => BuildOutputType.Local }, dest);
                error = string.Empty;
                return true;
            case "oci" or "docker" or "local":
                error = $"--output \"{text}\": type={fields["type"]} needs dest={(fields["type"] == "local" ? "DIR" : "FILE")}.";
                return false;
            case { } other:
                error = $"--output \"{text}\": type={other} is not supported yet; use type=image, type=registry, type=oci,dest=FILE, type=docker,dest=FILE or type=local,dest=DIR.";
                return false;
            default:
                error = $"--output \"{text}\": name the type, e.g. type=oci,dest=image.tar.";
                return false;
        }
    }
}
