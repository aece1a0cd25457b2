using System.Text.RegularExpressions;

namespace Builder.Runner.Containers;

/// <summary>docker's container name rule: <c>[a-zA-Z0-9][a-zA-Z0-9_.-]+</c>.</summary>
internal static partial class ContainerNames
{
    public static void Check(string name)
    {
        if (!Pattern().IsMatch(name))
        {
            throw new RunnerException($"invalid container name \"{name}\": only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed; choose another --name.");
        }
    }

    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9_.-]+$")]
    private static partial Regex Pattern();
}
