using System.Collections.Immutable;
using Builder.Cache.Oci;
using Builder.Parser.Shell;
using Builder.Planner.Model;

namespace Builder.Planner.Lowering;

/// <summary>
/// The one mutable builder of the planner: a stage while its instructions are lowered (BuildKit's
/// dispatch state). <see cref="Env"/> is the environment instructions expand with and RUN sees:
/// the image's ENV plus the stage's ARGs, in order, a name replaced in place.
/// </summary>
internal sealed class StageState(int index, string? name, BuildStep root, ImageConfig config, Platform platform)
{
    public const string HistoryComment = "buildkit.dockerfile.v0";

    public int Index { get; } = index;

    public string? Name { get; } = name;

    public Platform Platform { get; } = platform;

    public BuildStep Root { get; set; } = root;

    public ImageConfig Config { get; set; } = config;

    public List<KeyValuePair<string, string>> Env { get; } = [];

    /// <summary>Declared ARGs in order (for RUN's history prefix); a null value = declared without one.</summary>
    public List<KeyValuePair<string, string?>> Args { get; } = [];

    /// <summary>Whether CMD was set in this stage (ENTRYPOINT resets an inherited CMD otherwise).</summary>
    public bool CmdSet { get; set; }

    public ContainerConfig Container => Config.Config;

    public string WorkingDir => string.IsNullOrEmpty(Container.WorkingDir) ? "/" : Container.WorkingDir!;

    /// <summary>A snapshot of <see cref="Env"/>: the environment from before the instruction.</summary>
    public IShellEnvironment Snapshot() => ShellEnvironment.FromPairs(Env.Select(kv => kv.Key + "=" + kv.Value));

    public bool TryGetEnv(string key, out string value)
    {
        foreach (var kv in Env)
        {
            if (kv.Key == key)
            {
                value = kv.Value;
                return true;
            }
        }

        value = string.Empty;
        return false;
    }

    public void SetEnv(string key, string value)
    {
        var i = Env.FindIndex(kv => kv.Key == key);
        if (i >= 0)
        {
            Env[i] = new(key, value);
        }
        else
        {
            Env.Add(new(key, value));
        }
    }

    public void UpdateContainer(Func<ContainerConfig, ContainerConfig> change) =>
        Config = Config with { Config = change(Config.Config) };

    public void AddHistory(string createdBy, bool withLayer) =>
        Config = Config with
        {
            History = Config.History.Add(new HistoryEntry
            {
                CreatedBy = createdBy,
                Comment = HistoryComment,
                EmptyLayer = withLayer ? null : true,
            }),
        };

    /// <summary>Image ENV as the config writes it: replace in place, append new (BuildKit's addEnv).</summary>
    public static ImmutableArray<string> AddEnv(ImmutableArray<string>? env, string key, string value)
    {
        var list = env ?? ImmutableArray<string>.Empty;
        for (int i = 0; i < list.Length; i++)
        {
            var eq = list[i].IndexOf('=');
            var k = eq < 0 ? list[i] : list[i].Substring(0, eq);
            if (k == key)
            {
                return list.SetItem(i, key + "=" + value);
            }
        }

        return list.Add(key + "=" + value);
    }
}
