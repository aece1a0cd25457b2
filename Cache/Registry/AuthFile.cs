using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Builder.Cache.Registry;

/// <summary>
/// Credentials in Docker's <c>config.json</c> format (<c>{"auths": {"HOST": {"auth": base64(user:password)}}}</c>).
/// <c>builder login</c> writes its own file (<see cref="DefaultPath"/>) in that format, so Docker's
/// tools can read it too; lookups fall back to Docker's own file. Keys other than <c>auths</c> are kept.
/// </summary>
public sealed class AuthFile
{
    // Docker stores Docker Hub under its v1 address.
    private const string DockerHubKey = "https://index.docker.io/v1/";

    public AuthFile(string path)
    {
        Path = path;
    }

    public string Path { get; }

    /// <summary><c>$BUILDER_AUTH_FILE</c>, else <c>$XDG_CONFIG_HOME/builder/auth.json</c>, else <c>~/.config/builder/auth.json</c>.</summary>
    public static string DefaultPath()
    {
        if (Environment.GetEnvironmentVariable("BUILDER_AUTH_FILE") is { Length: > 0 } file)
        {
            return file;
        }

        var config = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME") is { Length: > 0 } xdg
            ? xdg
            : System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return System.IO.Path.Combine(config, "builder", "auth.json");
    }

    /// <summary>Docker's file: <c>$DOCKER_CONFIG/config.json</c>, else <c>~/.docker/config.json</c>.</summary>
    public static string DockerPath()
    {
        var dir = Environment.GetEnvironmentVariable("DOCKER_CONFIG") is { Length: > 0 } d
            ? d
            : System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker");
        return System.IO.Path.Combine(dir, "config.json");
    }

    public RegistryCredentials? Find(string registry)
    {
        if (Load() is not { } root || root["auths"] is not JsonObject auths)
        {
            return null;
        }

        foreach (var key in KeysFor(registry))
        {
            if (auths[key]?["auth"]?.GetValue<string>() is { Length: > 0 } encoded)
            {
                return Decode(encoded, registry);
            }
        }

        return null;
    }

    public void Save(string registry, RegistryCredentials credentials)
    {
        var root = Load() ?? new JsonObject();
        var auths = root["auths"] as JsonObject ?? new JsonObject();
        root["auths"] = auths;
        auths[KeysFor(registry)[0]] = new JsonObject
        {
            ["auth"] = credentials.Encoded,
        };
        Write(root);
    }

    /// <summary>Removes the registry's entry; false when there was none.</summary>
    public bool Remove(string registry)
    {
        if (Load() is not { } root || root["auths"] is not JsonObject auths)
        {
            return false;
        }

        bool removed = false;
        foreach (var key in KeysFor(registry))
        {
            removed |= auths.Remove(key);
        }

        if (removed)
        {
            Write(root);
        }

        return removed;
    }

    private static string[] KeysFor(string registry) => registry == Oci.ImageReference.DockerHub
        ? [DockerHubKey, "docker.io", "index.docker.io", "registry-1.docker.io"]
        : [registry, "https://" + registry, "http://" + registry];

    private RegistryCredentials Decode(string encoded, string registry)
    {
        string text;
        try
        {
            text = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
        }
        catch (FormatException e)
        {
            throw new StoreException($"the credentials for {registry} in {Path} are not valid base64; run builder login {registry} again.", e);
        }

        int colon = text.IndexOf(':');
        return colon > 0
            ? new RegistryCredentials(text.Substring(0, colon), text.Substring(colon + 1))
            : throw new StoreException($"the credentials for {registry} in {Path} are not user:password; run builder login {registry} again.");
    }

    private JsonObject? Load()
    {
        if (!File.Exists(Path))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(File.ReadAllBytes(Path)) as JsonObject;
        }
        catch (JsonException e)
        {
            throw new StoreException($"{Path} is not valid JSON ({e.Message}); fix or remove it, then run builder login again.", e);
        }
    }

    private void Write(JsonObject root)
    {
        var dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!;
        Directory.CreateDirectory(dir);
        var temp = System.IO.Path.Combine(dir, $".{System.IO.Path.GetFileName(Path)}.{Guid.NewGuid():N}.tmp");
        // The file holds passwords: readable by its owner only, from the moment it exists.
        var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temp, fileOptions))
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            root.WriteTo(writer);
        }

        File.Move(temp, Path, overwrite: true);
    }
}
