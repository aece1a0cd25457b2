using System.Collections.Immutable;
using System.Globalization;
using Builder.Cache.Oci;
using Builder.Parser.Instructions;
using Builder.Parser.Syntax;
using Builder.Planner.Keys;
using Builder.Planner.Model;

namespace Builder.Planner.Lowering;

/// <summary>
/// Config-only instructions: each changes the stage's image config and writes the history entry
/// BuildKit writes (convert.go's dispatchEnv, dispatchLabel, ...), then becomes a
/// <see cref="ConfigStep"/> keyed by its expanded values.
/// </summary>
internal sealed partial class MetadataLowering(StageLowering stage)
{
    private StageState S => stage.State;

    private Expander X => stage.Expander;

    public void Env(EnvInstruction env)
    {
        var before = S.Snapshot();
        var pairs = new List<(string Key, string Value)>();
        foreach (var kv in env.Variables)
        {
            var key = X.Word(kv.Key, before);
            var value = X.Word(kv.Value, before);
            if (key is null || value is null)
            {
                return;
            }

            pairs.Add((key, value));
        }

        foreach (var (key, value) in pairs)
        {
            S.SetEnv(key, value);
            S.UpdateContainer(c => c with { Env = StageState.AddEnv(c.Env, key, value) });
        }

        Commit(env, "ENV" + string.Concat(pairs.Select(p => " " + p.Key + "=" + p.Value)), Flatten(pairs));
    }

    public void Label(LabelInstruction label)
    {
        var before = S.Snapshot();
        var pairs = new List<(string Key, string Value)>();
        foreach (var kv in label.Labels)
        {
            var key = X.Word(kv.Key, before);
            var value = X.Word(kv.Value, before);
            if (key is null || value is null)
            {
                return;
            }

            pairs.Add((key, value));
        }

        S.UpdateContainer(c =>
        {
            var labels = c.Labels ?? ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in pairs)
            {
                labels = labels.SetItem(key, value);
            }

            return c with { Labels = labels };
        });
        Commit(label, "LABEL" + string.Concat(pairs.Select(p => " " + p.Key + "=" + p.Value)), Flatten(pairs));
    }

    public void User(UserInstruction user)
    {
        if (X.Word(user.User, S.Snapshot()) is not { } value)
        {
            return;
        }

        S.UpdateContainer(c => c with { User = value });
        Commit(user, "USER " + value, [value]);
    }

    public void Expose(ExposeInstruction expose)
    {
        var before = S.Snapshot();
        var ports = new List<string>();
        foreach (var token in expose.Ports)
        {
            if (X.Words(token, before) is not { } words)
            {
                return;
            }

            foreach (var word in words)
            {
                if (!PortSpec.TryParse(word, ports, out var error))
                {
                    X.Report(PlannerDiagnostics.InvalidPort, token.Span, error);
                    return;
                }
            }
        }

        S.UpdateContainer(c =>
        {
            var exposed = c.ExposedPorts ?? ImmutableSortedDictionary.Create<string, EmptyObject>(StringComparer.Ordinal);
            foreach (var p in ports)
            {
                exposed = exposed.SetItem(p, EmptyObject.Instance);
            }

            return c with { ExposedPorts = exposed };
        });
        Commit(expose, "EXPOSE " + GoFormat.List(ports), ports);
    }

    public void Volume(VolumeInstruction volume)
    {
        var before = S.Snapshot();
        var paths = new List<string>();
        foreach (var token in volume.Paths)
        {
            if (X.Word(token, before) is not { } path)
            {
                return;
            }

            if (path.Length == 0)
            {
                X.Report(PlannerDiagnostics.EmptyVolume, token.Span);
                return;
            }

            paths.Add(path);
        }

        S.UpdateContainer(c =>
        {
            var volumes = c.Volumes ?? ImmutableSortedDictionary.Create<string, EmptyObject>(StringComparer.Ordinal);
            foreach (var p in paths)
            {
                volumes = volumes.SetItem(p, EmptyObject.Instance);
            }

            return c with { Volumes = volumes };
        });
        Commit(volume, "VOLUME " + GoFormat.List(paths), paths);
    }

    public void StopSignal(StopSignalInstruction stop)
    {
        if (X.Word(stop.Signal, S.Snapshot()) is not { } signal)
        {
            return;
        }

        S.UpdateContainer(c => c with { StopSignal = signal });
        Commit(stop, "STOPSIGNAL " + signal, [signal]);
    }

    public void Shell(ShellInstruction shell)
    {
        var words = shell.Shell.Select(t => t.Value).ToImmutableArray();
        S.UpdateContainer(c => c with { Shell = words });
        Commit(shell, "SHELL " + GoFormat.List(words), words);
    }

    public void Cmd(CmdInstruction cmd)
    {
        var args = WithShell(cmd.Command);
        S.CmdSet = true;
        S.UpdateContainer(c => c with { Cmd = args, ArgsEscaped = true });
        Commit(cmd, "CMD " + GoFormat.QuotedList(args), args);
    }

    public void Entrypoint(EntrypointInstruction entrypoint)
    {
        var args = WithShell(entrypoint.Command);
        var resetCmd = !S.CmdSet;
        S.UpdateContainer(c => c with { Entrypoint = args, Cmd = resetCmd ? null : c.Cmd });
        Commit(entrypoint, "ENTRYPOINT " + GoFormat.QuotedList(args), args);
    }

    public void Healthcheck(HealthcheckInstruction health)
    {
        ImmutableArray<string> test = health.Test switch
        {
            null => ["NONE"],
            { IsExec: true } exec => ["CMD", .. exec.Words],
            { } shell => ["CMD-SHELL", shell.ShellText!.Value.Value],
        };
        long Ns(TimeSpan? t) => t is { } v ? HealthConfig.ToNanoseconds(v) : 0;
        var config = new HealthConfig
        {
            Test = test,
            Interval = NullIfZero(Ns(health.Interval)),
            Timeout = NullIfZero(Ns(health.Timeout)),
            StartPeriod = NullIfZero(Ns(health.StartPeriod)),
            StartInterval = NullIfZero(Ns(health.StartInterval)),
            Retries = health.Retries is null or 0 ? null : health.Retries,
        };
        S.UpdateContainer(c => c with { Healthcheck = config });
        var text = string.Create(CultureInfo.InvariantCulture,
            $"HEALTHCHECK {{Test:{GoFormat.List(test)} Interval:{GoFormat.Duration(Ns(health.Interval))} Timeout:{GoFormat.Duration(Ns(health.Timeout))} StartPeriod:{GoFormat.Duration(Ns(health.StartPeriod))} StartInterval:{GoFormat.Duration(Ns(health.StartInterval))} Retries:{health.Retries ?? 0}}}");
        Commit(health, text, [.. test, Ns(health.Interval).ToString(CultureInfo.InvariantCulture), Ns(health.Timeout).ToString(CultureInfo.InvariantCulture),
            Ns(health.StartPeriod).ToString(CultureInfo.InvariantCulture), Ns(health.StartInterval).ToString(CultureInfo.InvariantCulture),
            (health.Retries ?? 0).ToString(CultureInfo.InvariantCulture)]);
    }

    public void Maintainer(MaintainerInstruction maintainer)
    {
        var author = maintainer.Maintainer.Value;
        S.Config = S.Config with { Author = author };
        Commit(maintainer, "MAINTAINER " + author, [author]);
    }

    /// <summary>ONBUILD: the trigger's raw text goes to OnBuild; BuildKit writes no history for it.</summary>
    public void Onbuild(OnbuildInstruction onbuild)
    {
        var text = TriggerText(onbuild);
        S.UpdateContainer(c => c with { OnBuild = (c.OnBuild ?? ImmutableArray<string>.Empty).Add(text) });
        Commit(onbuild, null, [text]);
    }

    /// <summary>The instruction after the ONBUILD keyword, as written on the logical line.</summary>
    internal static string TriggerText(OnbuildInstruction onbuild)
    {
        var original = onbuild.Syntax.Original.TrimStart();
        var afterKeyword = original.Length > 7 && original.StartsWith("onbuild", StringComparison.OrdinalIgnoreCase)
            ? original.Substring(7).TrimStart()
            : onbuild.Trigger.Syntax.Original;
        return afterKeyword;
    }

    /// <summary>Shell form wrapped in SHELL (or <c>/bin/sh -c</c>), exec form as is.</summary>
    internal ImmutableArray<string> WithShell(CommandLine command) =>
        command.IsExec
            ? command.Words
            : [.. S.Container.Shell is { Length: > 0 } shell ? shell : DefaultShell, command.ShellText!.Value.Value];

    internal static ImmutableArray<string> DefaultShell { get; } = ["/bin/sh", "-c"];

    /// <summary>Records the history entry (unless null) and the config step keyed by the canonical values.</summary>
    internal void Commit(Instruction instruction, string? createdBy, IReadOnlyCollection<string> values)
    {
        if (createdBy is not null)
        {
            S.AddHistory(createdBy, withLayer: false);
        }

        var previous = stage.LastConfigKey;
        var writer = new CacheKeyWriter("config")
            .String("instruction", instruction.Name)
            .List("values", values)
            .Key("parent", S.Root.Key)
            .Key("previous", previous);
        stage.AddConfig(new ConfigStep(writer.Finish(), S.Root, S.Index, instruction.Span, instruction.Name, previous) { CreatedBy = createdBy ?? string.Empty, KeyInputs = writer.Inputs });
    }

    private static long? NullIfZero(long value) => value == 0 ? null : value;

    private static List<string> Flatten(List<(string Key, string Value)> pairs) =>
        pairs.SelectMany(p => new[] { p.Key, p.Value }).ToList();
}
