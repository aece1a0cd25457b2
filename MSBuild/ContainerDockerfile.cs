using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Builder.MSBuild;

/// <summary>
/// Dockerfile-less mode as a Dockerfile: the publish folder copied over the base image, with the
/// container settings as metadata instructions. Going through the engine (rather than writing a
/// layer by hand) gives the same cache keys, step records and store as <c>builder build</c>, so an
/// unchanged publish is all CACHED and yields the same digest.
/// </summary>
internal static class ContainerDockerfile
{
    public static string Create(ContainerSettings settings, string baseImage)
    {
        var workdir = settings.WorkingDirectory.TrimEnd('/');
        if (workdir.Length == 0 || workdir[0] != '/')
        {
            throw new ImageRequestException("BLDMSB003", $"ContainerWorkingDirectory \"{settings.WorkingDirectory}\" must be an absolute path, e.g. /app.");
        }

        var text = new StringBuilder();
        text.Append("FROM ").Append(baseImage).Append('\n');
        text.Append("WORKDIR ").Append(Word(workdir, "ContainerWorkingDirectory")).Append('\n');
        text.Append("COPY . ").Append(workdir).Append("/\n");
        foreach (var (name, value) in settings.Environment)
        {
            text.Append("ENV ").Append(Word(name, "ContainerEnvironmentVariable")).Append('=').Append(Quoted(value, "ContainerEnvironmentVariable")).Append('\n');
        }

        foreach (var port in settings.Ports)
        {
            text.Append("EXPOSE ").Append(port.Number.ToString(CultureInfo.InvariantCulture)).Append('/').Append(port.Protocol).Append('\n');
        }

        if (!string.IsNullOrEmpty(settings.User))
        {
            text.Append("USER ").Append(Word(settings.User, "ContainerUser")).Append('\n');
        }

        text.Append("ENTRYPOINT ").Append(Json([.. Command(settings, workdir), .. settings.AppCommandArgs])).Append('\n');
        if (!settings.DefaultArgs.IsEmpty)
        {
            text.Append("CMD ").Append(Json(settings.DefaultArgs)).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>The SDK's defaults: the apphost when self-contained, else <c>dotnet NAME.dll</c>.</summary>
    internal static IReadOnlyList<string> Command(ContainerSettings settings, string workdir)
    {
        if (!settings.AppCommand.IsEmpty)
        {
            return settings.AppCommand;
        }

        if (string.IsNullOrEmpty(settings.AssemblyName))
        {
            throw new ImageRequestException("BLDMSB004", "No ContainerAppCommand and no assembly name to derive it from; set ContainerAppCommand items.");
        }

        return settings.SelfContained
            ? [$"{workdir}/{settings.AssemblyName}"]
            : ["dotnet", $"{workdir}/{settings.AssemblyName}.dll"];
    }

    // JSON arrays are the exec form; System.Text.Json escapes quotes, backslashes and controls.
    private static string Json(IReadOnlyList<string> words) =>
        JsonSerializer.Serialize(words, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    private static string Word(string value, string property)
    {
        if (value.Length == 0 || value.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or '\\' or '$' or '=' || char.IsControl(c)))
        {
            throw new ImageRequestException("BLDMSB005", $"{property} \"{value}\" is not a plain name; use letters, digits, '_', '-', '.' or ':'.");
        }

        return value;
    }

    // A double-quoted Dockerfile word: \ " and $ escaped so the value reaches the image as written.
    private static string Quoted(string value, string property)
    {
        if (value.Any(c => c is '\n' or '\r'))
        {
            throw new ImageRequestException("BLDMSB005", $"{property} value \"{value}\" spans lines; a container environment value must be one line.");
        }

        var text = new StringBuilder("\"");
        foreach (var c in value)
        {
            if (c is '\\' or '"' or '$')
            {
                text.Append('\\');
            }

            text.Append(c);
        }

        return text.Append('"').ToString();
    }
}

/// <summary>A request the task cannot turn into a build: logged as an error with its code, no file.</summary>
internal sealed class ImageRequestException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
