using Xunit;

namespace Builder.MSBuild.Tests;

public sealed class ContainerDockerfileTests
{
    [Fact]
    public void Framework_dependent_app_runs_through_dotnet_from_the_working_directory()
    {
        var text = ContainerDockerfile.Create(new ContainerSettings { AssemblyName = "web" }, "base:1");

        Assert.Equal("FROM base:1\nWORKDIR /app\nCOPY . /app/\nENTRYPOINT [\"dotnet\",\"/app/web.dll\"]\n", text);
    }

    [Fact]
    public void Self_contained_app_runs_its_apphost_and_settings_become_instructions()
    {
        var settings = new ContainerSettings
        {
            AssemblyName = "web",
            SelfContained = true,
            WorkingDirectory = "/srv/",
            Environment = [KeyValuePair.Create("GREETING", "a \"b\" $HOME \\ c")],
            Ports = [new ContainerPort(8080, "tcp"), new ContainerPort(53, "udp")],
            User = "app",
            AppCommandArgs = ["--verbose"],
            DefaultArgs = ["--urls", "http://+:8080"],
        };

        var text = ContainerDockerfile.Create(settings, "base:1");

        Assert.Equal(
            "FROM base:1\nWORKDIR /srv\nCOPY . /srv/\nENV GREETING=\"a \\\"b\\\" \\$HOME \\\\ c\"\nEXPOSE 8080/tcp\nEXPOSE 53/udp\nUSER app\n" +
            "ENTRYPOINT [\"/srv/web\",\"--verbose\"]\nCMD [\"--urls\",\"http://+:8080\"]\n",
            text);
    }

    [Fact]
    public void App_command_replaces_the_default()
    {
        var text = ContainerDockerfile.Create(new ContainerSettings { AssemblyName = "web", AppCommand = ["/bin/sh", "-c", "echo \"hi\""] }, "b");

        Assert.Contains("ENTRYPOINT [\"/bin/sh\",\"-c\",\"echo \\\"hi\\\"\"]\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("app", "BLDMSB003")]
    [InlineData("/my app", "BLDMSB005")]
    public void A_working_directory_that_is_not_an_absolute_plain_path_is_refused(string workdir, string code)
    {
        var e = Assert.Throws<ImageRequestException>(() => ContainerDockerfile.Create(new ContainerSettings { AssemblyName = "x", WorkingDirectory = workdir }, "b"));

        Assert.Equal(code, e.Code);
    }

    [Fact]
    public void A_multi_line_environment_value_is_refused()
    {
        var settings = new ContainerSettings { AssemblyName = "x", Environment = [KeyValuePair.Create("A", "1\n2")] };

        Assert.Equal("BLDMSB005", Assert.Throws<ImageRequestException>(() => ContainerDockerfile.Create(settings, "b")).Code);
    }
}
