using Builder.TestKit;
using Xunit;

namespace Builder.Cli.Tests.Commands;

/// <summary><c>FROM</c> images pulled on demand (and with <c>--pull</c>), and <c>builder build --push</c>.</summary>
public sealed class BuildRegistryTests : IDisposable
{
    private readonly CliStore _a = new();
    private readonly CliStore _b = new();

    public void Dispose()
    {
        _a.Dispose();
        _b.Dispose();
    }

    private string AuthFile => _a.Dir.Combine("auth.json");

    private string Context(string dockerfile)
    {
        var dir = _b.Dir.Combine("ctx");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "Dockerfile"), dockerfile);
        return dir;
    }

    [ToolFact("docker-registry")]
    public async Task A_missing_FROM_image_is_pulled_and_push_sends_the_result()
    {
        using var registry = await RegistryServer.StartAsync();
        var baseName = $"{registry.Host}/base:1";
        var baseId = _a.Import(baseName, "base");
        _a.Ok("push", "--authfile", AuthFile, baseName);
        var context = Context($"FROM {baseName}\nLABEL stage=app\n");

        var built = _b.Run("build", "--progress=plain", "--authfile", AuthFile, "-t", $"{registry.Host}/app:1", "--push", context);

        Assert.True(built.ExitCode == 0, built.ToGolden());
        Assert.Contains($"pushed {registry.Host}/app:1@sha256:", built.Stderr);
        Assert.Contains(baseId, _b.Ok("images", "-q", "--no-trunc").Stdout);
        var pulled = _a.Ok("pull", "--authfile", AuthFile, $"{registry.Host}/app:1");
        Assert.Contains($"Status: Downloaded newer image for {registry.Host}/app:1", pulled.Stdout);
        Assert.Contains($"\"Id\": \"{built.Stdout.Trim()}\"", _a.Ok("image", "inspect", $"{registry.Host}/app:1").Stdout);

        // buildx's spelling of the same.
        var output = _b.Run("build", "--progress=plain", "--authfile", AuthFile, "-t", $"{registry.Host}/app:2", "-o", "type=registry", context);
        Assert.True(output.ExitCode == 0, output.ToGolden());
        Assert.Contains($"pushed {registry.Host}/app:2@sha256:", output.Stderr);
        _a.Ok("pull", "--authfile", AuthFile, $"{registry.Host}/app:2");
    }

    [ToolFact("docker-registry", "htpasswd")]
    public async Task A_push_that_fails_says_the_image_is_stored_and_why_the_push_failed()
    {
        using var registry = await RegistryServer.StartAsync("erin", "pw");
        var result = _b.Run("build", "--authfile", AuthFile, "-t", $"{registry.Host}/app:1", "--push", Context("FROM scratch\nLABEL a=b\n"));

        Assert.Equal(1, result.ExitCode);
        Assert.Matches($"(?m)^builder: error: the image sha256:[0-9a-f]{{64}} is built and stored, but pushing {registry.Host}/app:1 failed: .*run builder login {registry.Host}\n$", result.Stderr);
        Assert.Contains($"{registry.Host}/app", _b.Ok("images").Stdout);
    }

    [ToolFact("docker-registry", "skopeo")]
    public async Task An_image_skopeo_pushed_as_docker_schema2_is_usable_in_FROM_and_pull_forces_a_fresh_copy()
    {
        using var registry = await RegistryServer.StartAsync();
        var baseName = $"{registry.Host}/base:1";
        _a.Import(baseName, "base");
        _a.Ok("push", "--authfile", AuthFile, baseName);
        ExternalTools.RunOk("skopeo", "copy", "--quiet", "--src-tls-verify=false", "--dest-tls-verify=false", "--format", "v2s2",
            $"docker://{baseName}", $"docker://{registry.Host}/s2:1");
        var context = Context($"FROM {registry.Host}/s2:1\nLABEL stage=app\n");

        var first = _b.Run("build", "--authfile", AuthFile, "-t", "app:1", context);
        Assert.True(first.ExitCode == 0, first.ToGolden());
        _b.Ok("rmi", $"{registry.Host}/s2:1");
        Assert.Equal(1, _b.Run("build", "--authfile", AuthFile, "--pull", "-t", "app:1", Context($"FROM {registry.Host}/gone:1\n")).ExitCode);
        var again = _b.Run("build", "--authfile", AuthFile, "--pull", "-t", "app:1", Context($"FROM {registry.Host}/s2:1\nLABEL stage=app\n"));

        Assert.True(again.ExitCode == 0, again.ToGolden());
        Assert.Equal(first.Stdout, again.Stdout);
        Assert.Contains($"{registry.Host}/s2", _b.Ok("images").Stdout);
    }

    [Fact]
    public void Push_without_a_tag_says_to_add_one()
    {
        var result = _b.Run("build", "--push", Context("FROM scratch\n"));

        Assert.Equal(new CliResult(1, "", "builder: error: --push needs a name to push to: add -t REGISTRY/NAME:TAG.\n"), result);
    }
}
