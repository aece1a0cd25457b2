using Builder.Executor.Sandbox;

namespace Builder.Runner.Spec;

/// <summary><c>-v HOST:CONTAINER[:ro|rw]</c> as a recursive bind mount. Named volumes are not supported yet.</summary>
internal static class VolumeSpec
{
    public static RuntimeMount Parse(string text)
    {
        var parts = text.Split(':');
        if (parts.Length is < 2 or > 3 || parts[0].Length == 0 || parts[1].Length == 0)
        {
            throw new RunnerException($"invalid volume \"{text}\": write -v HOST_PATH:CONTAINER_PATH[:ro].");
        }

        var (host, container) = (parts[0], parts[1]);
        bool readOnly = false;
        if (parts.Length == 3)
        {
            readOnly = parts[2] switch
            {
                "ro" => true,
                "rw" => false,
                _ => throw new RunnerException($"invalid volume mode \"{parts[2]}\" in \"{text}\": use ro or rw."),
            };
        }

        if (!Path.IsPathRooted(host))
        {
            throw new RunnerException($"volume source \"{host}\" is not an absolute path: named volumes are not supported; give an absolute host path (e.g. -v \"$PWD/{host}:{container}\").");
        }

        if (!container.StartsWith('/'))
        {
            throw new RunnerException($"volume destination \"{container}\" is not an absolute path; write the path inside the container from /.");
        }

        if (!File.Exists(host) && !Directory.Exists(host))
        {
            Directory.CreateDirectory(host);
        }

        return new RuntimeMount(container, "bind", Path.GetFullPath(host), readOnly ? ["rbind", "ro"] : ["rbind", "rw"]);
    }
}
