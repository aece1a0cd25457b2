using System.Collections.Immutable;

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
}

/// <summary>One <c>--output</c>: <c>type=image</c>, <c>type=oci,dest=FILE</c> or <c>type=docker,dest=FILE</c>.</summary>
public sealed record BuildOutput(BuildOutputType Type, string? Destination)
{
    /// <summary>
    /// Parses docker's CSV form (<c>type=oci,dest=out.tar</c>; a bare value without <c>=</c> is
    /// <c>type=local,dest=VALUE</c> in docker, which this build cannot write yet).
    /// </summary>
    public static bool TryParse(string text, out BuildOutput output, out string error)
    {
        output = new BuildOutput(BuildOutputType.Image, null);
        var fields = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var part in text.Split(','))
        {
            int eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                error = $"--output \"{text}\": \"{part}\" is not KEY=VALUE; use type=image, type=oci,dest=FILE or type=docker,dest=FILE.";
                return false;
            }

            fields[part[..eq].Trim()] = part[(eq + 1)..].Trim();
        }

        fields.TryGetValue("dest", out var dest);
        switch (fields.GetValueOrDefault("type"))
        {
            case "image":
                error = string.Empty;
                return true;
            case "oci" or "docker" when !string.IsNullOrEmpty(dest):
                output = new BuildOutput(fields["type"] == "oci" ? BuildOutputType.Oci : BuildOutputType.Docker, dest);
                error = string.Empty;
                return true;
            case "oci" or "docker":
                error = $"--output \"{text}\": type={fields["type"]} needs dest=FILE.";
                return false;
            case { } other:
                error = $"--output \"{text}\": type={other} is not supported yet; use type=image, type=oci,dest=FILE or type=docker,dest=FILE.";
                return false;
            default:
                error = $"--output \"{text}\": name the type, e.g. type=oci,dest=image.tar.";
                return false;
        }
    }
}
