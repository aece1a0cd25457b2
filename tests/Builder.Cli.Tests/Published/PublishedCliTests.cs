using System.Text.Json;
using Builder.TestKit;
using Xunit;

namespace Builder.Cli.Tests.Published;

/// <summary>
/// The ahead-of-time compiled CLI does what the JIT-compiled one does: JSON goes through
/// source-generated metadata only, so a type missing there, or output that differs by a byte
/// (digests), shows here as a failed command or a different image id.
/// </summary>
public sealed class PublishedCliTests : IDisposable
{
    private static readonly Dictionary<string, string> Reproducible = new() { ["SOURCE_DATE_EPOCH"] = "1700000000" };
    private readonly TempDirectory _dir = new("published-cli");

    public void Dispose() => _dir.Dispose();

    private string Context()
    {
        var source = Path.Combine(RepoPaths.Fixtures, "build", "scratch-copy", "context");
        var target = _dir.Combine("ctx");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }

        return target;
    }

    private static CliResult Ok(CliResult result, string what)
    {
        Assert.True(result.ExitCode == 0, $"{what} exited {result.ExitCode}:\n{result.Stdout}\n{result.Stderr}");
        return result;
    }

    [PublishedCliFact]
    public void Builds_the_same_image_as_the_jit_compiled_cli_and_rebuilds_from_its_cache()
    {
        var context = Context();
        string aotRoot = _dir.Combine("aot"), jitRoot = _dir.Combine("jit");

        Ok(PublishedCli.RunAot(Reproducible, "build", "--root", aotRoot, "-t", "t:1", "--iidfile", _dir.Combine("aot.iid"), context), "aot build");
        Ok(PublishedCli.RunJit(Reproducible, "build", "--root", jitRoot, "-t", "t:1", "--iidfile", _dir.Combine("jit.iid"), context), "jit build");
        var id = File.ReadAllText(_dir.Combine("aot.iid"));
        Assert.StartsWith("sha256:", id, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllText(_dir.Combine("jit.iid")), id);

        var rebuild = Ok(PublishedCli.RunAot(Reproducible, "build", "--root", aotRoot, "--progress", "plain", "--explain", "-t", "t:1", context), "aot rebuild");
        Assert.Equal(3, rebuild.Stderr.Split('\n').Count(l => l.EndsWith(" CACHED", StringComparison.Ordinal))); // WORKDIR and both COPYs
        Assert.Contains(id, rebuild.Stdout + rebuild.Stderr, StringComparison.Ordinal);
    }

    [PublishedCliFact]
    public void Inspects_saves_and_loads_images_and_lints_as_json()
    {
        var context = Context();
        string root = _dir.Combine("root"), other = _dir.Combine("other"), archive = _dir.Combine("image.tar");
        Ok(PublishedCli.RunAot(Reproducible, "build", "--root", root, "-q", "-t", "t:1", context), "build");

        using (var inspect = JsonDocument.Parse(Ok(PublishedCli.RunAot(Reproducible, "image", "inspect", "--root", root, "t:1"), "image inspect").Stdout))
        {
            var image = inspect.RootElement[0];
            Assert.Equal("scratch-copy", image.GetProperty("Config").GetProperty("Labels").GetProperty("org.example.case").GetString());
            Assert.Equal("/app/run", image.GetProperty("Config").GetProperty("Entrypoint")[0].GetString());
        }

        Ok(PublishedCli.RunAot(Reproducible, "save", "--root", root, "-o", archive, "t:1"), "save");
        Ok(PublishedCli.RunAot(Reproducible, "load", "--root", other, "-i", archive), "load");
        var listed = Ok(PublishedCli.RunAot(Reproducible, "images", "--root", other), "images").Stdout;
        Assert.Contains("t ", listed, StringComparison.Ordinal);

        var lint = PublishedCli.RunAot(Reproducible, "lint", "--format", "json", "-f", Path.Combine(context, "Dockerfile"));
        using var findings = JsonDocument.Parse(lint.Stdout);
        Assert.Equal(JsonValueKind.Array, findings.RootElement.ValueKind);
    }
}
