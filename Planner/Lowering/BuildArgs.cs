using System.Collections.Immutable;
using Builder.Cache.Oci;
using Builder.Parser.Instructions;

namespace Builder.Planner.Lowering;

/// <summary>
/// BuildKit's ARG rules that do not depend on a stage: the automatic platform ARGs, the meta ARGs
/// (before the first FROM, usable in FROM lines and inherited by a redeclared ARG), and the
/// predefined proxy ARGs.
/// </summary>
internal static class BuildArgs
{
    /// <summary>Usable in RUN without an ARG; kept out of cache keys and history.</summary>
    public static readonly ImmutableHashSet<string> ProxyArgs = ImmutableHashSet.Create(
        StringComparer.Ordinal,
        "HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "FTP_PROXY", "ftp_proxy",
        "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy");

    public static bool IsProxy(string name) => ProxyArgs.Contains(name);

    /// <summary>BUILDPLATFORM, BUILDOS, ... TARGETVARIANT, each overridable by a build-arg of the same name.</summary>
    public static ImmutableDictionary<string, string> PlatformArgs(Platform platform, ImmutableDictionary<string, string> overrides)
    {
        var formatted = platform.ToString();
        var values = new (string, string)[]
        {
            ("BUILDPLATFORM", formatted), ("BUILDOS", platform.Os), ("BUILDARCH", platform.Architecture), ("BUILDVARIANT", platform.Variant ?? string.Empty),
            ("TARGETPLATFORM", formatted), ("TARGETOS", platform.Os), ("TARGETARCH", platform.Architecture), ("TARGETVARIANT", platform.Variant ?? string.Empty),
        };
        var builder = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            builder[name] = overrides.TryGetValue(name, out var v) ? v : value;
        }

        return builder.ToImmutable();
    }

    /// <summary>
    /// The global scope: platform ARGs, then each meta ARG in order: a build-arg value, else its
    /// default expanded with the scope so far; an ARG with neither stays unset.
    /// </summary>
    public static ImmutableDictionary<string, string> MetaArgs(
        ImmutableArray<ArgInstruction> metaArgs,
        PlanOptions options,
        Expander expander)
    {
        var scope = PlatformArgs(options.Platform, options.BuildArgs);
        foreach (var arg in metaArgs)
        {
            foreach (var declaration in arg.Arguments)
            {
                var name = declaration.Name.Value;
                if (options.BuildArgs.TryGetValue(name, out var given))
                {
                    scope = scope.SetItem(name, given);
                }
                else if (declaration.Default is { } dflt)
                {
                    var env = Parser.Shell.ShellEnvironment.FromDictionary(scope);
                    if (expander.Word(dflt, env) is { } value)
                    {
                        scope = scope.SetItem(name, value);
                    }
                }
            }
        }

        return scope;
    }
}
