using Builder.Cache.Oci;
using Builder.Runner.Spec;
using Xunit;

namespace Builder.Runner.Tests.Spec;

public sealed class SpecTests
{
    private static readonly ContainerConfig Image = new() { Entrypoint = ["/entry"], Cmd = ["a", "b"], Env = ["PATH=/bin", "A=1"] };

    [Fact]
    public void Args_are_entrypoint_then_cmd_and_cli_command_replaces_cmd()
    {
        Assert.Equal(["/entry", "a", "b"], ProcessArgs.Resolve(Image, new RunOptions("i")).ToArray());
        Assert.Equal(["/entry", "x"], ProcessArgs.Resolve(Image, new RunOptions("i") { Command = ["x"] }).ToArray());
    }

    [Fact]
    public void Entrypoint_flag_drops_the_image_cmd_and_empty_clears_it()
    {
        Assert.Equal(["sh"], ProcessArgs.Resolve(Image, new RunOptions("i") { Entrypoint = "sh" }).ToArray());
        Assert.Equal(["sh", "-c", "x"], ProcessArgs.Resolve(Image, new RunOptions("i") { Entrypoint = "sh", Command = ["-c", "x"] }).ToArray());
        var e = Assert.Throws<RunnerException>(() => ProcessArgs.Resolve(Image, new RunOptions("i") { Entrypoint = "" }));
        Assert.Contains("no command specified", e.Message);
    }

    [Fact]
    public void Env_merges_image_files_and_flags_in_order_and_bare_names_come_from_the_host()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "# comment\n\nA=from-file\nB=2\nFROMHOST\n");
            var env = EnvironmentList.Merge(Image.Env!, [file], ["B=3", "C=4", "MISSING"], n => n == "FROMHOST" ? "h" : null);
            Assert.Equal(["PATH=/bin", "A=from-file", "B=3", "FROMHOST=h", "C=4"], env.ToArray());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("512m", 512L * 1024 * 1024)]
    [InlineData("1g", 1024L * 1024 * 1024)]
    [InlineData("10MB", 10L * 1024 * 1024)]
    [InlineData("7340032", 7340032L)]
    public void Memory_takes_docker_units(string text, long bytes) => Assert.Equal(bytes, Limits.ParseMemory(text));

    [Theory]
    [InlineData("lots")]
    [InlineData("1m")]
    [InlineData("-5m")]
    public void Bad_memory_says_what_to_write(string text) => Assert.Throws<RunnerException>(() => Limits.ParseMemory(text));

    [Fact]
    public void Limits_become_linux_resources_without_swap()
    {
        var r = Limits.From(new RunOptions("i") { Memory = "64m", Cpus = "0.5", PidsLimit = 20 })!;
        Assert.Equal(64L * 1024 * 1024, r.Memory!.Limit);
        Assert.Equal(r.Memory.Limit, r.Memory.Swap);
        Assert.Equal(50_000, r.Cpu!.Quota);
        Assert.Equal(20, r.Pids!.Limit);
        Assert.Null(Limits.From(new RunOptions("i")));
    }

    [Fact]
    public void Volumes_are_binds_with_their_mode_and_relative_sources_are_refused()
    {
        var dir = Directory.CreateTempSubdirectory().FullName;
        try
        {
            var ro = VolumeSpec.Parse(dir + ":/data:ro");
            Assert.Equal(("/data", "bind", dir), (ro.Destination, ro.Type, ro.Source));
            Assert.Contains("ro", ro.Options);
            Assert.Contains("rw", VolumeSpec.Parse(dir + ":/data").Options);
            Assert.Contains("named volumes", Assert.Throws<RunnerException>(() => VolumeSpec.Parse("name:/data")).Message);
            Assert.Throws<RunnerException>(() => VolumeSpec.Parse(dir + ":relative"));
            Assert.Throws<RunnerException>(() => VolumeSpec.Parse(dir + ":/data:rx"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
