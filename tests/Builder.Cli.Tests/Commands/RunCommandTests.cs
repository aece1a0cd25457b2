using Builder.Cli.Commands;
using Builder.TestKit;
using Xunit;

namespace Builder.Cli.Tests.Commands;

public sealed class RunCommandTests
{
    [Fact]
    public void Everything_after_the_image_belongs_to_the_container()
    {
        Assert.Equal(["run", "--rm", "-e", "A=1", "img", "--", "ls", "-l", "-e"], RunCommand.SplitContainerArgs(["run", "--rm", "-e", "A=1", "img", "ls", "-l", "-e"]));
        Assert.Equal(["run", "img", "--"], RunCommand.SplitContainerArgs(["run", "img"]));
        Assert.Equal(["images", "-q"], RunCommand.SplitContainerArgs(["images", "-q"]));
    }

    [SandboxFact]
    public async Task Run_prints_the_containers_output_and_exits_with_its_code()
    {
        using var store = new CliStore();
        await BusyboxImage.ImportAsync(new Builder.Cache.Images.ImageStore(new Builder.Cache.StoreRoot(store.Root)));
        var result = CliHarness.Run("run", "--root", store.Root, "--rm", "-e", "X=1", BusyboxImage.Reference, "sh", "-c", "echo X=$X; ls -d /etc; exit 42");
        Assert.Equal((42, "X=1\n/etc\n", ""), (result.ExitCode, result.Stdout, result.Stderr));

        var missing = CliHarness.Run("run", "--root", store.Root, "--rm", "no/such:image", "true");
        Assert.Equal(125, missing.ExitCode);
        Assert.StartsWith("builder: error: ", missing.Stderr);
        Assert.Empty(CliHarness.Run("ps", "-a", "-q", "--root", store.Root).Stdout);
    }
}
