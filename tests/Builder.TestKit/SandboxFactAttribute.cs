using Xunit;

namespace Builder.TestKit;

/// <summary>
/// A build test with RUN steps on the busybox image: needs root (namespaces, overlayfs) and
/// busybox-static, and the other <paramref name="tools"/> named (as <see cref="ToolFactAttribute"/>).
/// Skipped for a developer without them; under <c>CI=true</c> it runs anyway and fails on what is missing.
/// </summary>
public sealed class SandboxFactAttribute : FactAttribute
{
    public SandboxFactAttribute(params string[] tools) => Skip = SandboxRequirements.SkipReason(tools);
}

/// <summary>The theory form of <see cref="SandboxFactAttribute"/>.</summary>
public sealed class SandboxTheoryAttribute : TheoryAttribute
{
    public SandboxTheoryAttribute() => Skip = SandboxRequirements.SkipReason();
}

internal static class SandboxRequirements
{
    public static string? SkipReason(params string[] tools)
    {
        if (Requirements.InCi)
        {
            return null;
        }

        if (!Environment.IsPrivilegedProcess)
        {
            return "needs root (CI runs the tests as root)";
        }

        var missing = tools.Prepend("busybox").Where(t => ExternalTools.Find(t) is null).ToList();
        return missing.Count == 0 ? null
            : $"needs {string.Join(", ", missing)} (Debian: {string.Join(" ", missing.Select(ExternalTools.PackageOf))}; scripts/setup.sh installs them)";
    }
}
