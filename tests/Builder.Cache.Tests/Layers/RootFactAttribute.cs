using Builder.Cache.Layers.Native;
using Xunit;

namespace Builder.Cache.Tests.Layers;

/// <summary>
/// A test that needs root (chown, mknod, trusted xattrs). It is skipped when not root on a
/// developer's machine, and runs (and fails, through <see cref="Require"/>) under CI=true, where
/// the house rules say a missing prerequisite must fail, not skip.
/// </summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (!ApplierLibC.IsRoot && !IsCi)
        {
            Skip = "needs root (runs as root in CI)";
        }
    }

    private static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Call first in a <see cref="RootFactAttribute"/> test.</summary>
    public static void Require() =>
        Assert.True(ApplierLibC.IsRoot, "this test needs root: CI runs tests as root (CI=true and not root is a failure, not a skip)");
}
