using Builder.TestKit;
using Xunit;

namespace Builder.Cli.Tests.Commands;

/// <summary><c>builder push</c>, <c>pull</c>, <c>login</c> and <c>logout</c> against docker-registry, and their error messages.</summary>
public sealed class RegistryCommandsTests : IDisposable
{
    private readonly RegistryStores _stores = new();

    public void Dispose() => _stores.Dispose();

    [ToolFact("docker-registry")]
    public async Task An_image_pushed_from_one_store_is_pulled_into_another()
    {
        using var registry = await RegistryServer.StartAsync();
        var name = $"{registry.Host}/app:1";
        var id = _stores.A.Import(name, "app");

        var push = _stores.A.Ok("push", "--authfile", _stores.AuthFile, name).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["Pushed", "Pushed"], push[..^1].Select(l => l.Split(": ")[1]));
        var digest = push[^1].Split(' ')[2];
        Assert.StartsWith("1: digest: sha256:", push[^1]);

        Assert.Equal($"Digest: {digest}\nStatus: Downloaded newer image for {name}\n{name}\n", _stores.B.Ok("pull", "--authfile", _stores.AuthFile, name).Stdout);
        Assert.Equal($"Digest: {digest}\nStatus: Image is up to date for {name}\n{name}\n", _stores.B.Ok("pull", "--authfile", _stores.AuthFile, name).Stdout);
        Assert.Equal(id + "\n", _stores.B.Ok("images", "-q", "--no-trunc").Stdout);
        var again = _stores.A.Ok("push", "--authfile", _stores.AuthFile, name).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["Layer already exists", "Layer already exists"], again[..^1].Select(l => l.Split(": ")[1]));
    }

    [ToolFact("docker-registry", "htpasswd")]
    public async Task Push_without_login_says_to_log_in_and_login_logout_edit_the_auth_file()
    {
        using var registry = await RegistryServer.StartAsync("dave", "pw1");
        var name = $"{registry.Host}/app:1";
        _stores.A.Import(name, "app");

        var refused = _stores.A.Run("push", "--authfile", _stores.AuthFile, name);
        Assert.Equal(1, refused.ExitCode);
        Assert.StartsWith("builder: error: ", refused.Stderr);
        Assert.EndsWith($"run builder login {registry.Host}\n", refused.Stderr);

        var bad = CliHarness.RunWithStdin(_stores.A.Clock, "wrong\n", "login", "-u", "dave", "--password-stdin", "--authfile", _stores.AuthFile, registry.Host);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("access denied for user dave", bad.Stderr);

        Assert.Equal(
            new CliResult(0, $"Login Succeeded (credentials saved in {_stores.AuthFile})\n", ""),
            CliHarness.RunWithStdin(_stores.A.Clock, "pw1\n", "login", "-u", "dave", "--password-stdin", "--authfile", _stores.AuthFile, registry.Host));
        _stores.A.Ok("push", "--authfile", _stores.AuthFile, name);
        _stores.B.Ok("pull", "--authfile", _stores.AuthFile, name);

        Assert.Equal(new CliResult(0, $"Removing login credentials for {registry.Host}\n", ""), CliHarness.Run("logout", "--authfile", _stores.AuthFile, $"http://{registry.Host}/"));
        Assert.Equal(new CliResult(0, $"Not logged in to {registry.Host}\n", ""), CliHarness.Run("logout", "--authfile", _stores.AuthFile, registry.Host));
        Assert.EndsWith($"run builder login {registry.Host}\n", _stores.B.Run("pull", "--authfile", _stores.AuthFile, name).Stderr);
    }

    [ToolFact("docker-registry")]
    public async Task Pulling_a_missing_tag_says_to_check_it()
    {
        using var registry = await RegistryServer.StartAsync();

        var result = _stores.B.Run("pull", "--authfile", _stores.AuthFile, $"{registry.Host}/app:nope");

        Assert.Equal(1, result.ExitCode);
        Assert.EndsWith($"{registry.Host}/app:nope is not in the registry: check the tag (and the repository name).\n", result.Stderr);
    }

    [Fact]
    public void Pulling_from_a_registry_that_is_not_running_asks_whether_it_is()
    {
        int port = LoopbackPort.Free();

        var result = _stores.B.Run("pull", "--authfile", _stores.AuthFile, $"127.0.0.1:{port}/app:1");

        Assert.Equal(1, result.ExitCode);
        Assert.EndsWith($"is the registry running at 127.0.0.1:{port}?\n", result.Stderr);
    }

    [Fact]
    public void Pushing_an_image_by_id_says_to_tag_it_first()
    {
        var id = _stores.A.Import("app:1", "app");

        var result = _stores.A.Run("push", "--authfile", _stores.AuthFile, id[7..19]);

        Assert.Equal(new CliResult(1, "", $"builder: error: \"{id[7..19]}\" names a stored image by id or digest, not by the name to push to; tag it first: builder tag {id[7..19]} REGISTRY/NAME:TAG, then builder push REGISTRY/NAME:TAG.\n"), result);
    }

    [Fact]
    public void Login_without_a_password_says_how_to_give_one()
    {
        var result = CliHarness.Run("login", "-u", "dave", "--authfile", _stores.AuthFile, "127.0.0.1:1");

        Assert.Equal(new CliResult(1, "", "builder: error: no password: pipe it in with builder login -u dave --password-stdin 127.0.0.1:1\n"), result);
    }
}
