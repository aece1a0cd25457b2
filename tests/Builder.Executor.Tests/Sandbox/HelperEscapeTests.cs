using Builder.Executor.Sandbox;
using Builder.TestKit;
using Xunit;

namespace Builder.Executor.Tests.Sandbox;

/// <summary>A rootfs is untrusted input: its symlinks must not steer mounts onto the host.</summary>
public sealed class HelperEscapeTests : IDisposable
{
    private readonly TempDirectory _temp = new("sandbox-escape");

    [RootFact]
    public async Task A_mount_destination_through_an_absolute_symlink_stays_in_the_rootfs()
    {
        var rootfs = _temp.Combine("rootfs");
        BusyboxImage.BuildRootfs(rootfs);
        var hostTarget = _temp.Combine("host-target");
        Directory.CreateDirectory(hostTarget);
        // Resolved naively on the host, /escape/x would be hostTarget/x.
        File.CreateSymbolicLink(Path.Combine(rootfs, "escape"), hostTarget);
        File.CreateSymbolicLink(Path.Combine(rootfs, "climb"), "../../../../../../../../" + hostTarget.TrimStart('/'));
        var request = new SandboxRequest(rootfs, ["true"])
        {
            Mounts =
            [
                new RuntimeMount("/escape/x", "tmpfs", "tmpfs", []),
                new RuntimeMount("/climb/y", "tmpfs", "tmpfs", []),
            ],
        };

        var result = await new SandboxRunner(_temp.Path).RunAsync(request, new SandboxOutput(), CancellationToken.None);

        Assert.True(result.ExitCode == 0, string.Join("\n", result.LastLines));
        Assert.Empty(Directory.EnumerateFileSystemEntries(hostTarget));
        Assert.True(Directory.Exists(Path.Combine(rootfs, hostTarget.TrimStart('/'), "x")), "the mount point was not made inside the rootfs");
        Assert.Empty(HostProcesses.MountsUnder(_temp.Path));
    }

    public void Dispose() => _temp.Dispose();
}
