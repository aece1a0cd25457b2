using Builder.TestKit;
using Xunit;

namespace Builder.Cli.Tests.Commands;

/// <summary><c>FROM</c> images pulled on demand (and with <c>--pull</c>), and <c>builder build --push</c>.</summary>
public sealed class BuildRegistryTests : IDisposable
{
    private readonly RegistryStores _stores = new();

    public void Dispose() => _stores.Dispose();

    private string Context(string dockerfile)
    {
        var dir = _stores.B.Dir.Combine("ctx");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "Dockerfile"), dockerfile);
        return dir;
    }

    [ToolFact("docker-registry")]
    public async Task A_missing_FROM_image_is_pulled_and_push_sends_the_result()
    {
        using var registry = await RegistryServer.StartAsync();
        var baseName = $"{registry.Host}/base:1";
        var baseId = _stores.A.Import(baseName, "base");
        _stores.A.Ok("push", "--authfile", _stores.AuthFile, baseName);
        var context = Context($"FROM {baseName}\nLABEL stage=app\n");

        var built = _stores.B.Run("build", "--progress=plain", "--authfile", _stores.AuthFile, "-t", $"{registry.Host}/app:1", "--push", context);

        Assert.True(built.ExitCode == 0, built.ToGolden());
        Assert.Contains($"pushed {registry.Host}/app:1@sha256:", built.Stderr);
        Assert.Contains(baseId, _stores.B.Ok("images", "-q", "--no-trunc").Stdout);
        var pulled = _stores.A.Ok("pull", "--authfile", _stores.AuthFile, $"{registry.Host}/app:1");
        Assert.Contains($"Status: Downloaded newer image for {registry.Host}/app:1", pulled.Stdout);
        Assert.Contains($"\"Id\": \"{built.Stdout.Trim()}\"", _stores.A.Ok("image", "inspect", $"{registry.Host}/app:1").Stdout);

        // buildx's spelling of the same.
        var output = _stores.B.Run("build", "--progress=plain", "--authfile", _stores.AuthFile, "-t", $"{registry.Host}/app:2", "-o", "type=registry", context);
        Assert.True(output.ExitCode == 0, output.ToGolden());
        Assert.Contains($"pushed {registry.Host}/app:2@sha256:", output.Stderr);
        _stores.A.Ok("pull", "--authfile", _stores.AuthFile, $"{registry.Host}/app:2");
    }

    [ToolFact("docker-registry", "htpasswd")]
    public async Task A_push_that_fails_says_the_image_is_stored_and_why_the_push_failed()
    {
        using var registry = await RegistryServer.StartAsync("erin", "pw");
        var result = _stores.B.Run("build", "--authfile", _stores.AuthFile, "-t", $"{registry.Host}/app:1", "--push", Context("FROM scratch\nLABEL a=b\n"));

        Assert.Equal(1, result.ExitCode);
        Assert.Matches($"(?m)^builder: error: the image sha256:[0-9a-f]{{64}} is built and stored, but pushing {registry.Host}/app:1 failed: .*run builder login {registry.Host}\n$", result.Stderr);
        Assert.Contains($"{registry.Host}/app", _stores.B.Ok("images").Stdout);
    }

    [ToolFact("docker-registry", "skopeo")]
    public async Task An_image_skopeo_pushed_as_docker_schema2_is_usable_in_FROM_and_pull_forces_a_fresh_copy()
    {
        using var registry = await RegistryServer.StartAsync();
        var baseName = $"{registry.Host}/base:1";
        _stores.A.Import(baseName, "base");
        _stores.A.Ok("push", "--authfile", _stores.AuthFile, baseName);
        ExternalTools.RunOk("skopeo", "copy", "--quiet", "--src-tls-verify=false", "--dest-tls-verify=false", "--format", "v2s2",
            $"docker://{baseName}", $"docker://{registry.Host}/s2:1");
        var context = Context($"FROM {registry.Host}/s2:1\nLABEL stage=app\n");

        var first = _stores.B.Run("build", "--authfile", _stores.AuthFile, "-t", "app:1", context);
        Assert.True(first.ExitCode == 0, first.ToGolden());
        _stores.B.Ok("rmi", $"{registry.Host}/s2:1");
        Assert.Equal(1, _stores.B.Run("build", "--authfile", _stores.AuthFile, "--pull", "-t", "app:1", Context($"FROM {registry.Host}/gone:1\n")).ExitCode);
        var again = _stores.B.Run("build", "--authfile", _stores.AuthFile, "--pull", "-t", "app:1", Context($"FROM {registry.Host}/s2:1\nLABEL stage=app\n"));

        Assert.True(again.ExitCode == 0, again.ToGolden());
        Assert.Equal(first.Stdout, again.Stdout);
        Assert.Contains($"{registry.Host}/s2", _stores.B.Ok("images").Stdout);
    }

    [Fact]
    public void Push_without_a_tag_says_to_add_one()
    {
        var result = _stores.B.Run("build", "--push", Context("FROM scratch\n"));

        Assert.Equal(new CliResult(1, "", "builder: error: --push needs a name to push to: add -t REGISTRY/NAME:TAG.\n"), result);
    }
}
