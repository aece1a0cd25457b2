using System.Collections.Immutable;
using Builder.Parser.Instructions;
using Builder.Parser.Shell;
using Builder.Planner.Keys;
using Builder.Planner.Model;

namespace Builder.Planner.Lowering;

/// <summary>
/// RUN (convert.go dispatchRun): the command text is not expanded (the shell does that); mount
/// option values are. The process environment is the stage's ENV and ARGs; proxy variables
/// travel beside it, outside the key and the history.
/// </summary>
internal sealed class RunLowering(StageLowering stage)
{
    public void Run(RunInstruction run)
    {
        var state = stage.State;
        var env = state.Snapshot();
        var mounts = ImmutableArray.CreateBuilder<PlannedMount>();
        foreach (var mount in run.Mounts)
        {
            if (Mount(mount, env) is not { } planned)
            {
                return;
            }

            mounts.Add(planned);
        }

        var (args, files) = Command(run);
        var processEnv = state.Env.Where(kv => !BuildArgs.IsProxy(kv.Key)).Select(kv => kv.Key + "=" + kv.Value).ToImmutableArray();
        var proxyEnv = ProxyEnv();
        var user = state.Container.User;
        // RUN --network=default (or none given) means the build's --network, as in BuildKit.
        var network = run.Network is null or NetworkMode.Default ? stage.Plan.Options.Network : run.Network.Value;
        var security = run.Security ?? SecurityMode.Sandbox;

        var writer = new CacheKeyWriter("run")
            .Key("parent", state.Root.Key)
            .List("args", args)
            .List("env", processEnv)
            .String("user", user ?? string.Empty)
            .String("workdir", state.WorkingDir)
            .String("network", network.ToString().ToLowerInvariant())
            .String("security", security.ToString().ToLowerInvariant())
            .List("files", files.SelectMany(f => new[] { f.Name, f.Content }).ToList());
        foreach (var planned in mounts)
        {
            var m = planned.Spec;
            writer.List("mount", [
                m.Type.ToString().ToLowerInvariant(), m.Target ?? string.Empty, m.Source ?? string.Empty,
                planned.FromStep?.Key.ToString() ?? string.Empty, m.ReadOnly ? "ro" : "rw", m.Id ?? string.Empty,
                m.Sharing.ToString().ToLowerInvariant(), m.Mode ?? string.Empty, m.Uid ?? string.Empty, m.Gid ?? string.Empty,
                m.Required ? "required" : "optional", m.Env ?? string.Empty, m.Size ?? string.Empty,
            ]);
        }

        var createdBy = "RUN " + HistoryCommand(args) + " # buildkit";
        state.AddHistory(createdBy, withLayer: true);
        var step = new RunStep(writer.Finish(), state.Root, state.Index, run.Span, args, processEnv, proxyEnv, user, state.WorkingDir,
            mounts.ToImmutable(), network, security) { InlineFiles = files, KeyInputs = writer.Inputs };
        stage.AddLayer(step, createdBy);
    }

    /// <summary>
    /// The argv. Shell form goes through SHELL. A RUN that is just one here-document runs its body
    /// (or, with a <c>#!</c> line, the body as a file mounted at <c>/dev/pipes/NAME</c>); other
    /// here-documents are appended to the command text for the shell to read, as BuildKit does.
    /// </summary>
    private (ImmutableArray<string> Args, ImmutableArray<HeredocFile> Files) Command(RunInstruction run)
    {
        if (run.Command.IsExec)
        {
            return (run.Command.Words, []);
        }

        var text = run.Command.ShellText!.Value.Value;
        var files = ImmutableArray<HeredocFile>.Empty;
        if (!run.Heredocs.IsEmpty)
        {
            var first = run.Heredocs[0];
            if (run.Heredocs.Length == 1 && IsLoneOpener(text))
            {
                var data = first.ChompedContent;
                if (data.StartsWith("#!", StringComparison.Ordinal))
                {
                    files = [new HeredocFile(first.Name, data)];
                    text = "/dev/pipes/" + first.Name;
                }
                else
                {
                    text = data;
                }
            }
            else
            {
                text += string.Concat(run.Heredocs.Select(h => "\n" + h.Content + h.Name));
            }
        }

        return (stage.Metadata.WithShell(new CommandLine(false, [], new(text, default))), files);
    }

    private static bool IsLoneOpener(string text)
    {
        var t = text.Trim();
        return t.StartsWith("<<", StringComparison.Ordinal) && !t.Any(char.IsWhiteSpace);
    }

    /// <summary>BuildKit's runCommandString: <c>|N K=V ...</c> for the stage's ARGs, then the argv.</summary>
    private string HistoryCommand(ImmutableArray<string> args)
    {
        var state = stage.State;
        var pairs = state.Args
            .Where(a => !BuildArgs.IsProxy(a.Key))
            .Select(a => a.Key + "=" + (state.TryGetEnv(a.Key, out var v) ? v : a.Value ?? string.Empty))
            .ToList();
        var prefix = pairs.Count == 0 ? [] : new[] { "|" + pairs.Count }.Concat(pairs);
        return string.Join(" ", prefix.Concat(args));
    }

    private ImmutableArray<string> ProxyEnv()
    {
        var result = ImmutableArray.CreateBuilder<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var kv in stage.State.Env.Where(kv => BuildArgs.IsProxy(kv.Key)))
        {
            seen.Add(kv.Key);
            result.Add(kv.Key + "=" + kv.Value);
        }

        foreach (var kv in stage.Plan.Options.BuildArgs.Where(kv => BuildArgs.IsProxy(kv.Key)).OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (seen.Add(kv.Key))
            {
                result.Add(kv.Key + "=" + kv.Value);
            }
        }

        return result.ToImmutable();
    }

    private PlannedMount? Mount(MountSpec mount, IShellEnvironment env)
    {
        var failed = false;
        string? E(string? value)
        {
            if (value is null || failed)
            {
                return value;
            }

            var result = stage.Expander.Word(value, mount.Flag.Span, env);
            failed |= result is null;
            return result;
        }

        var target = E(mount.Target);
        var source = E(mount.Source);
        var from = E(mount.From);
        var id = E(mount.Id);
        var mode = E(mount.Mode);
        var uid = E(mount.Uid);
        var gid = E(mount.Gid);
        var envName = E(mount.Env);
        var size = E(mount.Size);
        if (failed)
        {
            return null;
        }

        BuildStep? fromStep = null;
        if (from is not null && (fromStep = stage.ResolveFrom(from, mount.Flag.Span)) is null)
        {
            return null;
        }

        var expanded = mount with
        {
            Target = target, Source = source, From = from, Id = id, Mode = mode, Uid = uid, Gid = gid, Env = envName, Size = size,
        };
        return new PlannedMount(expanded, fromStep);
    }
}
