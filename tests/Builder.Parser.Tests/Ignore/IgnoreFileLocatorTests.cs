using Builder.Parser.Ignore;
using Xunit;

namespace Builder.Parser.Tests.Ignore;

public sealed class IgnoreFileLocatorTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "builder-ignore-" + Guid.NewGuid().ToString("N"));

    public IgnoreFileLocatorTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Touch(string relative)
    {
        string path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, string.Empty);
        return path;
    }

    [Fact]
    public void No_ignore_file_gives_null() =>
        Assert.Null(IgnoreFileLocator.Find(_root, Path.Combine(_root, "Dockerfile")));

    [Fact]
    public void Context_root_file_is_used_when_there_is_no_specific_one()
    {
        string general = Touch(".dockerignore");
        Assert.Equal(general, IgnoreFileLocator.Find(_root, Path.Combine(_root, "Dockerfile")));
        Assert.Equal(general, IgnoreFileLocator.Find(_root, null));
    }

    [Fact]
    public void Dockerfile_specific_file_wins_over_the_context_file()
    {
        Touch(".dockerignore");
        string dockerfile = Touch("docker/build.Dockerfile");
        string specific = Touch("docker/build.Dockerfile.dockerignore");
        Touch("docker/lint.Dockerfile.dockerignore");
        Assert.Equal(specific, IgnoreFileLocator.Find(_root, dockerfile));
    }

    [Fact]
    public void Default_Dockerfile_has_a_specific_file_too()
    {
        Touch(".dockerignore");
        string specific = Touch("Dockerfile.dockerignore");
        Assert.Equal(specific, IgnoreFileLocator.Find(_root, null));
        Assert.Equal(specific, IgnoreFileLocator.Find(_root, Path.Combine(_root, "Dockerfile")));
    }

    [Fact]
    public void Specific_file_must_sit_next_to_the_Dockerfile()
    {
        string general = Touch(".dockerignore");
        Touch("build.Dockerfile.dockerignore"); // in the context root, but the Dockerfile is elsewhere
        string dockerfile = Touch("docker/build.Dockerfile");
        Assert.Equal(general, IgnoreFileLocator.Find(_root, dockerfile));
    }

    [Fact]
    public void Specific_file_outside_the_context_still_applies()
    {
        string context = Path.Combine(_root, "ctx");
        Directory.CreateDirectory(context);
        Touch("ctx/.dockerignore");
        string dockerfile = Touch("elsewhere/app.Dockerfile");
        string specific = Touch("elsewhere/app.Dockerfile.dockerignore");
        Assert.Equal(specific, IgnoreFileLocator.Find(context, dockerfile));
    }

    [Fact]
    public void Directories_named_like_ignore_files_do_not_count()
    {
        Directory.CreateDirectory(Path.Combine(_root, "Dockerfile.dockerignore"));
        Assert.Null(IgnoreFileLocator.Find(_root, null));
        Directory.CreateDirectory(Path.Combine(_root, ".dockerignore"));
        Assert.Null(IgnoreFileLocator.Find(_root, null));
    }

    [Fact]
    public void Dockerfile_from_stdin_only_uses_the_context_file()
    {
        Touch("-.dockerignore");
        Assert.Null(IgnoreFileLocator.Find(_root, "-"));
        string general = Touch(".dockerignore");
        Assert.Equal(general, IgnoreFileLocator.Find(_root, "-"));
    }
}
