namespace Builder.Cache.Registry;

/// <summary>Where a registry's API lives: https, or plain http for loopback hosts and <c>--insecure-registry</c>.</summary>
internal static class RegistryEndpoint
{
    public static Uri BaseUri(string registry, RegistryOptions options)
    {
        // Docker Hub's API is not served at the name images use.
        var host = registry == Oci.ImageReference.DockerHub ? "registry-1.docker.io" : registry;
        var scheme = IsPlainHttp(registry, options) ? "http" : "https";
        return new Uri($"{scheme}://{host}/");
    }

    private static bool IsPlainHttp(string registry, RegistryOptions options)
    {
        var hostName = registry.StartsWith('[') ? registry.Substring(0, registry.IndexOf(']') + 1) : registry.Split(':')[0];
        return hostName is "localhost" or "127.0.0.1" or "[::1]"
            || options.InsecureRegistries.Contains(registry, StringComparer.OrdinalIgnoreCase)
            || options.InsecureRegistries.Contains(hostName, StringComparer.OrdinalIgnoreCase);
    }
}
