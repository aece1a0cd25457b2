using Xunit;

namespace Builder.TestKit;

/// <summary>
/// A test that needs root (chown, mknod, trusted.* xattrs, mounts). Skipped for a developer who is
/// not root; under <c>CI=true</c> it runs anyway and fails through <see cref="Requirements.Root"/>,
/// since CI runs the tests as root and a missing requirement there must not pass silently.
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

/// <summary>Checks a [RootFact] test makes first.</summary>
public static class Requirements
{
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static void Root()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            Assert.Fail("This test needs root (chown, mknod, trusted.* extended attributes); CI runs the tests as root.");
        }
    }
}
