using System.CommandLine;
using Builder.Cache.Registry;

namespace Builder.Cli.Commands;

/// <summary>The options the registry commands share: <c>--insecure-registry</c> and <c>--authfile</c>.</summary>
internal sealed record RegistryCliOptions(Option<string[]> Insecure, Option<string?> AuthFile)
{
    public static RegistryCliOptions Create() => new(
        new Option<string[]>("--insecure-registry")
        {
            Description = "A registry (host[:port]) to reach over plain http; localhost and 127.0.0.1 always are. Repeatable.",
            AllowMultipleArgumentsPerToken = false,
        },
        new Option<string?>("--authfile")
        {
            Description = "The credentials file (Docker's config.json format). Default: $BUILDER_AUTH_FILE, else $XDG_CONFIG_HOME/builder/auth.json; lookups also read ~/.docker/config.json.",
        });

    public void AddTo(Command command)
    {
        command.Options.Add(Insecure);
        command.Options.Add(AuthFile);
    }

    /// <summary>The file <c>login</c> writes and <c>logout</c> edits.</summary>
    public AuthFile WritableFile(ParseResult result) => new(result.GetValue(AuthFile) ?? Cache.Registry.AuthFile.DefaultPath());

    public RegistryOptions Read(ParseResult result)
    {
        var options = new RegistryOptions { InsecureRegistries = [.. result.GetValue(Insecure) ?? []] };
        // An explicit file is the only one read (as podman's --authfile), so tests and scripts are not affected by ~/.docker.
        return result.GetValue(AuthFile) is { } file ? options with { AuthFiles = [new AuthFile(file)] } : options;
    }

    /// <summary><c>https://host/</c> or <c>host</c> → <c>host</c>; no argument means Docker Hub.</summary>
    public static string NormalizeRegistry(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Cache.Oci.ImageReference.DockerHub;
        }

        var host = text.Trim();
        foreach (var scheme in new[] { "https://", "http://" })
        {
            if (host.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            {
                host = host.Substring(scheme.Length);
            }
        }

        host = host.TrimEnd('/');
        return host is "index.docker.io" or "registry-1.docker.io" or "index.docker.io/v1" ? Cache.Oci.ImageReference.DockerHub : host;
    }
}
