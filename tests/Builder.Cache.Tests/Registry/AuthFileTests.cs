using System.Text;
using System.Text.Json;
using Builder.Cache.Registry;
using Builder.TestKit;
using Xunit;

namespace Builder.Cache.Tests.Registry;

public sealed class AuthFileTests
{
    [Fact]
    public void Credentials_are_stored_in_dockers_format_next_to_other_keys_and_removed_again()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("config.json");
        File.WriteAllText(path, """{"auths":{"other.io":{"auth":"eDp5"}},"credsStore":"none"}""");
        var file = new AuthFile(path);

        file.Save("127.0.0.1:5000", new RegistryCredentials("bob", "pa:ss"));

        using (var json = JsonDocument.Parse(File.ReadAllText(path)))
        {
            var auth = json.RootElement.GetProperty("auths").GetProperty("127.0.0.1:5000").GetProperty("auth").GetString()!;
            Assert.Equal("bob:pa:ss", Encoding.UTF8.GetString(Convert.FromBase64String(auth)));
            Assert.Equal("none", json.RootElement.GetProperty("credsStore").GetString());
        }

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        Assert.Equal(new RegistryCredentials("bob", "pa:ss"), file.Find("127.0.0.1:5000"));
        Assert.Equal(new RegistryCredentials("x", "y"), file.Find("other.io"));
        Assert.True(file.Remove("127.0.0.1:5000"));
        Assert.Null(file.Find("127.0.0.1:5000"));
        Assert.False(file.Remove("127.0.0.1:5000"));
    }

    [Fact]
    public void Docker_hub_is_found_under_dockers_v1_key()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("config.json");
        File.WriteAllText(path, """{"auths":{"https://index.docker.io/v1/":{"auth":"dTpw"}}}""");

        Assert.Equal(new RegistryCredentials("u", "p"), new AuthFile(path).Find("docker.io"));
    }

    [Fact]
    public void Challenge_parameters_keep_commas_inside_quotes()
    {
        var p = AuthChallenge.ParseParameters("realm=\"https://auth.example/token\",service=\"registry.example\",scope=\"repository:a/b:pull,push\"");

        Assert.Equal("https://auth.example/token", p["realm"]);
        Assert.Equal("registry.example", p["service"]);
        Assert.Equal("repository:a/b:pull,push", p["scope"]);
    }
}
