using Builder.TestKit;
using Xunit;

namespace Builder.Executor.Tests.Steps;

/// <summary>
/// COPY/ADD features built from <c>fixtures/build/CASE/context</c>; the image's root filesystem
/// is compared with <c>fixtures/build/CASE/rootfs.golden.txt</c> (owners, modes, contents).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class CopyAddGoldenTests
{
    [RootFact]
    public Task Chown_and_workdir_resolve_user_and_group_names_through_the_parent_etc_files() => BuildCase("chown-names");

    [RootFact]
    public Task Symbolic_and_octal_chmod_apply_to_each_copied_entry() => BuildCase("chmod-symbolic", h =>
    {
        File.SetUnixFileMode(Path.Combine(h.Context, "tree/data.txt"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        File.SetUnixFileMode(Path.Combine(h.Context, "tree/sub/s"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.SetUnixFileMode(Path.Combine(h.Context, "tree/run.sh"), (UnixFileMode)0b111_101_101);
    });

    [RootFact]
    public Task Here_documents_become_0644_files_with_the_chown_and_chmod() => BuildCase("heredocs");

    [RootFact]
    public Task Parents_keep_source_directories_and_exclude_leaves_files_out() => BuildCase("parents-exclude");

    private static async Task BuildCase(string name, Action<BuildHarness>? prepare = null)
    {
        Requirements.Root();
        using var h = new BuildHarness();
        var fixture = Path.Combine(RepoPaths.Fixtures, "build", name);
        CopyTree(Path.Combine(fixture, "context"), h.Context);
        prepare?.Invoke(h);

        var result = await h.BuildAsync(File.ReadAllText(Path.Combine(h.Context, "Dockerfile")));

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics.Select(d => d.Diagnostic.Message)) + result.Error);
        var root = await h.UnpackAsync(result.Image!);
        Golden.Verify(Path.Combine(fixture, "rootfs.golden.txt"), RootfsListing.Of(root));
    }

    internal static void CopyTree(string from, string to)
    {
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        }

        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            File.Copy(file, target, overwrite: true);
            File.SetUnixFileMode(target, File.GetUnixFileMode(file));
        }
    }
}
