using Xunit;

namespace Builder.TestKit;

/// <summary>
/// A build test with RUN steps on the busybox image: needs root (namespaces, overlayfs) and
/// busybox-static. Skipped for a developer without them; under <c>CI=true</c> it runs anyway and
/// fails on what is missing.
/// </summary>
public sealed class SandboxFactAttribute : FactAttribute
{
    public SandboxFactAttribute() => Skip = SandboxRequirements.SkipReason();
}

/// <summary>The theory form of <see cref="SandboxFactAttribute"/>.</summary>
public sealed class SandboxTheoryAttribute : TheoryAttribute
{
    public SandboxTheoryAttribute() => Skip = SandboxRequirements.SkipReason();
}

internal static class SandboxRequirements
{
    public static string? SkipReason()
    {
        if (Requirements.InCi)
        {
            return null;
        }

        if (!Environment.IsPrivilegedProcess)
        {
            return "needs root (CI runs the tests as root)";
        }

        return ExternalTools.Find("busybox") is null ? "needs busybox (Debian: busybox-static; scripts/setup.sh installs it)" : null;
    }
}
