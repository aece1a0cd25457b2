using System.Runtime.InteropServices;
using Builder.Cache.Oci;

namespace Builder.Cache.Images;

/// <summary>The platform of this machine, in OCI terms (<c>linux/amd64</c>, <c>linux/arm64</c>, ...).</summary>
public static class HostPlatform
{
    public static Platform Current { get; } = Detect();

    private static Platform Detect()
    {
        var (architecture, variant) = RuntimeInformation.OSArchitecture switch
        {
            Architecture.X64 => ("amd64", (string?)null),
            Architecture.Arm64 => ("arm64", null),
            Architecture.Arm => ("arm", "v7"),
            Architecture.X86 => ("386", null),
            Architecture.S390x => ("s390x", null),
            Architecture.Ppc64le => ("ppc64le", null),
            Architecture.RiscV64 => ("riscv64", null),
            var other => (other.ToString().ToLowerInvariant(), null),
        };
        return new Platform(architecture, "linux") { Variant = variant };
    }

    /// <summary>Whether an image for <paramref name="candidate"/> runs here (variant only checked when both give one).</summary>
    public static bool Matches(Platform candidate, Platform wanted) =>
        candidate.Os == wanted.Os &&
        candidate.Architecture == wanted.Architecture &&
        (candidate.Variant is null || wanted.Variant is null || candidate.Variant == wanted.Variant);
}
