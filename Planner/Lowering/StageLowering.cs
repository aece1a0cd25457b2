using System.Collections.Immutable;
using Builder.Cache.Oci;
using Builder.Parser.Instructions;
using Builder.Parser.Text;
using Builder.Planner.Keys;
using Builder.Planner.Model;

namespace Builder.Planner.Lowering;

/// <summary>
/// Lowers one stage's instructions in order (BuildKit's dispatch loop). Every instruction expands
/// its values with the environment from before it; ARG and WORKDIR live here, metadata in
/// <see cref="MetadataLowering"/>, COPY/ADD in <see cref="CopyLowering"/>, RUN in <see cref="RunLowering"/>.
/// </summary>
internal sealed class StageLowering
{
    private readonly PlanContext _plan;
    private readonly List<BuildStep> _steps = [];

    public StageLowering(PlanContext plan, StageState state)
    {
        _plan = plan;
        State = state;
        _steps.Add(state.Root);
        Metadata = new MetadataLowering(this);
    }

    public StageState State { get; }

    public Expander Expander => _plan.Expander;

    public PlanContext Plan => _plan;

    public MetadataLowering Metadata { get; }

    public Digest? LastConfigKey { get; private set; }

    public ImmutableArray<BuildStep> Steps => [.. _steps];

    /// <summary>
    /// Set while lowering an instruction that is not in the Dockerfile's text (an ONBUILD trigger
    /// of the base image): its steps point at <c>Span</c> (the FROM line) and show <c>Text</c>.
    /// </summary>
    public (TextSpan Span, string Text)? Origin { get; set; }

    public void AddConfig(ConfigStep step)
    {
        var added = _plan.Graph.Add(Origin is { } o ? step with { Span = o.Span, DisplayText = o.Text } : step);
        LastConfigKey = added.Key;
        _steps.Add(added);
    }

    /// <summary>Adds a filesystem step: it becomes the stage's root.</summary>
    public void AddLayer(BuildStep step, string createdBy)
    {
        var added = _plan.Graph.Add(Origin is { } o ? step with { CreatedBy = createdBy, Span = o.Span, DisplayText = o.Text } : step with { CreatedBy = createdBy });
        State.Root = added;
        _steps.Add(added);
    }

    public void Lower(Instruction instruction)
    {
        switch (instruction)
        {
            case EnvInstruction env: Metadata.Env(env); break;
            case LabelInstruction label: Metadata.Label(label); break;
            case UserInstruction user: Metadata.User(user); break;
            case ExposeInstruction expose: Metadata.Expose(expose); break;
            case VolumeInstruction volume: Metadata.Volume(volume); break;
            case StopSignalInstruction stop: Metadata.StopSignal(stop); break;
            case ShellInstruction shell: Metadata.Shell(shell); break;
            case CmdInstruction cmd: Metadata.Cmd(cmd); break;
            case EntrypointInstruction entrypoint: Metadata.Entrypoint(entrypoint); break;
            case HealthcheckInstruction health: Metadata.Healthcheck(health); break;
            case MaintainerInstruction maintainer: Metadata.Maintainer(maintainer); break;
            case OnbuildInstruction onbuild: Metadata.Onbuild(onbuild); break;
            case ArgInstruction arg: Arg(arg); break;
            case WorkdirInstruction workdir: Workdir(workdir); break;
            case CopyInstruction copy: new CopyLowering(this).Copy(copy); break;
            case AddInstruction add: new CopyLowering(this).Add(add); break;
            case RunInstruction run: new RunLowering(this).Run(run); break;
        }
    }

    /// <summary>
    /// ARG in a stage (convert.go dispatchArg): a <c>--build-arg</c> value wins; else the default,
    /// expanded with the environment before the ARG; an ARG without either inherits the meta ARG of
    /// the same name. A value enters the environment (replacing an ENV of the same name, as
    /// BuildKit's state does). Proxy ARGs are left out of the history and the key.
    /// </summary>
    private void Arg(ArgInstruction arg)
    {
        var before = State.Snapshot();
        var history = new List<string>();
        var values = new List<string>();
        foreach (var declaration in arg.Arguments)
        {
            var name = declaration.Name.Value;
            _plan.ConsumedArgs.Add(name);
            string? value;
            if (_plan.Options.BuildArgs.TryGetValue(name, out var given))
            {
                value = given;
            }
            else if (declaration.Default is { } dflt)
            {
                value = Expander.Word(dflt, before);
                if (value is null)
                {
                    return;
                }
            }
            else
            {
                value = _plan.MetaArgs.TryGetValue(name, out var inherited) ? inherited : null;
            }

            if (value is not null)
            {
                State.SetEnv(name, value);
            }

            // Like BuildKit's runCommandString: a redeclared ARG keeps its first position.
            var i = State.Args.FindIndex(a => a.Key == name);
            if (i >= 0)
            {
                State.Args[i] = new(name, value);
            }
            else
            {
                State.Args.Add(new(name, value));
            }
            if (!BuildArgs.IsProxy(name))
            {
                history.Add(value is null ? name : name + "=" + value);
                values.Add(name);
                values.Add(value is null ? "\0unset" : "=" + value);
            }
        }

        Metadata.Commit(arg, history.Count == 0 ? null : "ARG " + string.Join(" ", history), values);
    }

    /// <summary>WORKDIR: relative to the previous one; anything but <c>/</c> also creates the directory (a layer, as BuildKit's Mkdir).</summary>
    private void Workdir(WorkdirInstruction workdir)
    {
        if (Expander.Word(workdir.Path, State.Snapshot()) is not { } requested)
        {
            return;
        }

        var wd = PathUtil.Workdir(State.WorkingDir, requested);
        State.UpdateContainer(c => c with { WorkingDir = wd });
        var createdBy = "WORKDIR " + wd;
        if (wd == "/")
        {
            Metadata.Commit(workdir, createdBy, [wd]);
            return;
        }

        var user = State.Container.User;
        State.AddHistory(createdBy, withLayer: true);
        var writer = new CacheKeyWriter("mkdir")
            .String("path", wd)
            .String("user", user ?? string.Empty)
            .Key("parent", State.Root.Key);
        AddLayer(new MkdirStep(writer.Finish(), State.Root, State.Index, workdir.Span, wd, user) { KeyInputs = writer.Inputs }, createdBy);
    }

    /// <summary>Resolves <c>--from</c> (COPY) or <c>from=</c> (RUN --mount) to a planned stage or an image.</summary>
    public BuildStep? ResolveFrom(string from, TextSpan span) => _plan.ResolveFrom(from, span, State);
}
