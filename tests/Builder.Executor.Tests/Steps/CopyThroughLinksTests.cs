using Builder.TestKit;
using Xunit;

namespace Builder.Executor.Tests.Steps;

/// <summary>
/// As root a COPY is staged on the parent's root file system, where links of the parent image
/// live. A link at the destination is replaced (BuildKit), never written through: an absolute
/// link target names a path in the image, not on the machine running the build.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class CopyThroughLinksTests
{
    [RootFact]
    public async Task A_link_at_the_destination_is_replaced_not_followed_to_the_host()
    {
        Requirements.Root();
        using var h = new BuildHarness();
        using var host = new TempDirectory("host-victim");
        var victim = host.Combine("victim.txt");
        File.WriteAllText(victim, "host file\n");
        h.Write("data.txt", "from the build\n");
        File.CreateSymbolicLink(Path.Combine(h.Context, "link"), victim);

        var result = await h.BuildAsync("FROM scratch\nCOPY link /app/x\nCOPY data.txt /app/x\n");

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics.Select(d => d.Diagnostic.Message)) + result.Error);
        Assert.Equal("host file\n", File.ReadAllText(victim));
        var root = await h.UnpackAsync(result.Image!);
        var copied = new FileInfo(Path.Combine(root, "app", "x"));
        Assert.Null(copied.LinkTarget);
        Assert.Equal("from the build\n", File.ReadAllText(copied.FullName));
    }

    [RootFact]
    public async Task A_link_to_a_host_directory_is_not_where_a_copied_directory_goes()
    {
        Requirements.Root();
        using var h = new BuildHarness();
        using var host = new TempDirectory("host-victim");
        h.Write("tree/sub/f.txt", "in tree\n");
        File.CreateSymbolicLink(Path.Combine(h.Context, "link"), host.Path);

        var result = await h.BuildAsync("FROM scratch\nCOPY link /app/d\nCOPY tree /app/d/\n");

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics.Select(d => d.Diagnostic.Message)) + result.Error);
        Assert.Empty(Directory.EnumerateFileSystemEntries(host.Path));
    }
}
