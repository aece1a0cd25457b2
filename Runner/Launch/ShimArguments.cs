using System.Collections.Immutable;
using Builder.Runner.Health;

namespace Builder.Runner.Launch;

/// <summary>builder-shim's command lines (see native/shim/shim.c), kept apart from starting it so they can be checked without root.</summary>
internal static class ShimArguments
{
    /// <summary><c>attach HELPER ARG...</c>: the helper (<c>run BUNDLE</c> or <c>exec ...</c>) in a session of its own.</summary>
    public static ImmutableArray<string> Attach(string helper, IEnumerable<string> helperArguments) => ["attach", helper, .. helperArguments];

    /// <summary><c>detach [--rm] [--health ...] STATE HELPER BUNDLE</c>: the monitor of a detached container.</summary>
    public static ImmutableArray<string> Detach(string stateDirectory, string helper, string bundle, bool remove, HealthcheckPlan? health)
    {
        var args = ImmutableArray.CreateBuilder<string>();
        args.Add("detach");
        if (remove)
        {
            args.Add("--rm");
        }

        if (health is not null)
        {
            args.Add("--health");
            args.Add(health.ShimArgument);
        }

        args.AddRange(stateDirectory, helper, bundle);
        return args.ToImmutable();
    }
}
