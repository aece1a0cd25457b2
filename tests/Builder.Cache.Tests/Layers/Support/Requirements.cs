using Xunit;

namespace Builder.Cache.Tests.Layers.Support;

/// <summary>
/// A test that needs root (mknod, trusted.* attributes, chown). Skipped for a developer who is not
/// root; under <c>CI=true</c> it runs anyway and fails with <see cref="Requirements.Root"/>, since
/// CI runs tests as root and a missing requirement there must not pass silently.
/// </summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (!Environment.IsPrivilegedProcess && !Requirements.InCi)
        {
            Skip = "needs root (CI runs the tests as root)";
        }
    }
}

internal static class Requirements
{
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static void Root()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            Assert.Fail("This test needs root (mknod, trusted.* extended attributes, chown); CI runs the tests as root.");
        }
    }
}
