namespace Builder.Parser.Ignore;

/// <summary>Finds the ignore file a build uses.</summary>
public static class IgnoreFileLocator
{
    /// <summary>The ignore file at the root of a build context.</summary>
    public const string DefaultFileName = ".dockerignore";

    /// <summary>The suffix of a Dockerfile-specific ignore file.</summary>
    public const string DockerfileSpecificSuffix = ".dockerignore";

    /// <summary>
    /// Returns the path of the ignore file BuildKit applies to a build, or null when there is none.
    /// </summary>
    /// <remarks>
    /// <para>Precedence, as in BuildKit's Dockerfile frontend (<c>frontend/dockerui</c>):</para>
    /// <list type="number">
    /// <item><description>
    /// The Dockerfile-specific file: the Dockerfile's own path with <c>.dockerignore</c> appended,
    /// in the Dockerfile's directory (<c>docker/build.Dockerfile</c> uses
    /// <c>docker/build.Dockerfile.dockerignore</c>; the default Dockerfile uses
    /// <c>Dockerfile.dockerignore</c>). When it exists it replaces the context's file entirely;
    /// the two are never merged. The name comes from the Dockerfile name as given, so a context
    /// whose Dockerfile is spelled <c>dockerfile</c> but is found through the default name still
    /// looks for <c>Dockerfile.dockerignore</c>.
    /// </description></item>
    /// <item><description><c>.dockerignore</c> at the root of the build context.</description></item>
    /// <item><description>Otherwise nothing is ignored (null).</description></item>
    /// </list>
    /// <para>
    /// Only regular files count (a directory of that name is skipped, as BuildKit's read fails
    /// then). An empty Dockerfile-specific file counts as present, which is what Docker documents
    /// and what BuildKit's built-in frontend does; a frontend loaded with a <c># syntax=</c> line
    /// reads files over the gateway API, where empty data arrives as none, and so falls back to
    /// the context's file in that one case. A Dockerfile read from standard input (<c>-</c>) has
    /// no directory, so only the context's file can apply. The classic builder
    /// (<c>DOCKER_BUILDKIT=0</c>) only ever reads <c>&lt;context&gt;/.dockerignore</c>.
    /// </para>
    /// </remarks>
    /// <param name="contextDirectory">The build context directory.</param>
    /// <param name="dockerfilePath">
    /// The Dockerfile as given to <c>--file</c>: relative paths are resolved against the current
    /// directory, like <c>docker build -f</c>. Null or empty means <c>&lt;context&gt;/Dockerfile</c>;
    /// <c>-</c> means standard input.
    /// </param>
    public static string? Find(string contextDirectory, string? dockerfilePath)
    {
        if (contextDirectory is null)
        {
            throw new ArgumentNullException(nameof(contextDirectory));
        }

        if (dockerfilePath != "-")
        {
            string dockerfile = string.IsNullOrEmpty(dockerfilePath)
                ? Path.Combine(contextDirectory, "Dockerfile")
                : dockerfilePath!;
            string specific = Path.GetFullPath(dockerfile + DockerfileSpecificSuffix);
            if (File.Exists(specific))
            {
                return specific;
            }
        }

        string general = Path.GetFullPath(Path.Combine(contextDirectory, DefaultFileName));
        return File.Exists(general) ? general : null;
    }
}
