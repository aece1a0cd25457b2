using System.Collections.Immutable;
using Builder.Parser.Syntax;
using Builder.Parser.Text;

namespace Builder.Parser.Instructions;

/// <summary>
/// A typed, validated instruction. Values are kept as written (before variable expansion):
/// which variables are in scope is only known when the build is planned.
/// </summary>
public abstract record Instruction(InstructionSyntax Syntax)
{
    public TextSpan Span => Syntax.Span;

    /// <summary>The keyword, lowercased.</summary>
    public string Name => Syntax.Command;
}

/// <summary>A command in exec form (JSON array) or shell form (one string run through SHELL).</summary>
public sealed record CommandLine(bool IsExec, ImmutableArray<SyntaxToken> Arguments, SyntaxToken? ShellText)
{
    public static CommandLine From(InstructionSyntax syntax, ImmutableArray<SyntaxToken> arguments, bool isJson) =>
        isJson || arguments.IsEmpty
            ? new CommandLine(true, arguments, null)
            : new CommandLine(false, ImmutableArray<SyntaxToken>.Empty, arguments[0]);

    /// <summary>The words of the exec form, or the shell text as one word.</summary>
    public ImmutableArray<string> Words =>
        IsExec ? Arguments.Select(a => a.Value).ToImmutableArray() : ImmutableArray.Create(ShellText!.Value.Value);
}

/// <summary><c>FROM [--platform=P] IMAGE [AS NAME]</c>.</summary>
public sealed record FromInstruction(InstructionSyntax Syntax, SyntaxToken Image, SyntaxToken? StageName, SyntaxToken? Platform) : Instruction(Syntax);

/// <summary>
/// <c>RUN</c>: the command, its mounts and sandbox options, and here-documents. A shell-form RUN
/// whose text starts with a heredoc opener runs the heredoc body as its script.
/// </summary>
public sealed record RunInstruction(
    InstructionSyntax Syntax,
    CommandLine Command,
    ImmutableArray<MountSpec> Mounts,
    NetworkMode? Network,
    SecurityMode? Security,
    ImmutableArray<HeredocSyntax> Heredocs) : Instruction(Syntax);

public enum NetworkMode
{
    Default,
    None,
    Host,
}

public enum SecurityMode
{
    Sandbox,
    Insecure,
}

public sealed record CmdInstruction(InstructionSyntax Syntax, CommandLine Command) : Instruction(Syntax);

public sealed record EntrypointInstruction(InstructionSyntax Syntax, CommandLine Command) : Instruction(Syntax);

/// <summary><c>SHELL ["executable", "parameters"]</c>: always JSON.</summary>
public sealed record ShellInstruction(InstructionSyntax Syntax, ImmutableArray<SyntaxToken> Shell) : Instruction(Syntax);

public sealed record EnvInstruction(InstructionSyntax Syntax, ImmutableArray<KeyValueSyntax> Variables) : Instruction(Syntax);

public sealed record LabelInstruction(InstructionSyntax Syntax, ImmutableArray<KeyValueSyntax> Labels) : Instruction(Syntax);

/// <summary>One <c>NAME[=DEFAULT]</c> of an ARG instruction (the default is unexpanded, quotes kept).</summary>
public sealed record ArgDeclaration(SyntaxToken Name, SyntaxToken? Default);

public sealed record ArgInstruction(InstructionSyntax Syntax, ImmutableArray<ArgDeclaration> Arguments) : Instruction(Syntax);

public sealed record ExposeInstruction(InstructionSyntax Syntax, ImmutableArray<SyntaxToken> Ports) : Instruction(Syntax);

public sealed record VolumeInstruction(InstructionSyntax Syntax, ImmutableArray<SyntaxToken> Paths) : Instruction(Syntax);

public sealed record UserInstruction(InstructionSyntax Syntax, SyntaxToken User) : Instruction(Syntax);

public sealed record WorkdirInstruction(InstructionSyntax Syntax, SyntaxToken Path) : Instruction(Syntax);

public sealed record StopSignalInstruction(InstructionSyntax Syntax, SyntaxToken Signal) : Instruction(Syntax);

public sealed record MaintainerInstruction(InstructionSyntax Syntax, SyntaxToken Maintainer) : Instruction(Syntax);

/// <summary><c>ONBUILD INSTRUCTION</c>: the trigger runs in builds that use this image as a base.</summary>
public sealed record OnbuildInstruction(InstructionSyntax Syntax, Instruction Trigger) : Instruction(Syntax);

/// <summary><c>HEALTHCHECK NONE</c> (<see cref="Test"/> null) or <c>HEALTHCHECK [options] CMD command</c>.</summary>
public sealed record HealthcheckInstruction(
    InstructionSyntax Syntax,
    CommandLine? Test,
    TimeSpan? Interval,
    TimeSpan? Timeout,
    TimeSpan? StartPeriod,
    TimeSpan? StartInterval,
    int? Retries) : Instruction(Syntax)
{
    public bool IsNone => Test is null;
}
