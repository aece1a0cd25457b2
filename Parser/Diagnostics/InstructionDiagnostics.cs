namespace Builder.Parser.Diagnostics;

/// <summary>Diagnostics of the instruction layer (BLD11xx): flags, argument counts, values.</summary>
public static class InstructionDiagnostics
{
    private const DiagnosticSeverity Error = DiagnosticSeverity.Error;

    public static readonly DiagnosticDescriptor UnknownInstruction = new(
        "BLD1101", "Unknown instruction", Error,
        "unknown instruction: {0}{1}",
        "Check the spelling of the instruction; the Dockerfile reference lists the valid ones.");

    public static readonly DiagnosticDescriptor UnknownFlag = new(
        "BLD1102", "Unknown flag", Error,
        "unknown flag: --{0} for {1}{2}",
        "Remove the flag or fix its spelling; each instruction accepts only the flags in the Dockerfile reference.");

    public static readonly DiagnosticDescriptor FlagMissingValue = new(
        "BLD1103", "Flag without value", Error,
        "missing a value on flag: --{0}",
        "Write the flag as --{0}=VALUE (a space between flag and value is not accepted).");

    public static readonly DiagnosticDescriptor InvalidBooleanFlag = new(
        "BLD1104", "Invalid boolean flag value", Error,
        "expecting boolean value for flag --{0}, not: {1}",
        "Write --{0}, --{0}=true or --{0}=false.");

    public static readonly DiagnosticDescriptor DuplicateFlag = new(
        "BLD1105", "Duplicate flag", Error,
        "duplicate flag specified: --{0}",
        "Give the flag once.");

    public static readonly DiagnosticDescriptor WrongArgumentCount = new(
        "BLD1106", "Wrong number of arguments", Error,
        "{0} {1}",
        "See the Dockerfile reference for the instruction's form.");

    public static readonly DiagnosticDescriptor InvalidStageName = new(
        "BLD1107", "Invalid stage name", Error,
        "invalid name for build stage: \"{0}\", name can't start with a number or contain symbols",
        "Stage names start with a letter and contain only letters, digits, '-', '_' and '.'.");

    public static readonly DiagnosticDescriptor InvalidMount = new(
        "BLD1108", "Invalid mount", Error,
        "invalid mount: {0}",
        "Write --mount=type=bind|cache|tmpfs|secret|ssh,target=PATH[,option=value...].");

    public static readonly DiagnosticDescriptor InvalidFlagValue = new(
        "BLD1109", "Invalid flag value", Error,
        "invalid value for --{0}: {1}",
        "See the Dockerfile reference for the values the flag accepts.");

    public static readonly DiagnosticDescriptor ShellRequiresJson = new(
        "BLD1110", "SHELL requires JSON", Error,
        "SHELL requires the arguments to be in JSON form",
        "Write SHELL [\"executable\", \"parameters\"].");

    public static readonly DiagnosticDescriptor NoStage = new(
        "BLD1111", "Instruction before FROM", Error,
        "{0} cannot be used before the first FROM: no build stage in current context",
        "Start the Dockerfile with FROM; only ARG may come before it.");

    public static readonly DiagnosticDescriptor InvalidOnbuildTrigger = new(
        "BLD1112", "Invalid ONBUILD trigger", Error,
        "{0} isn't allowed as an ONBUILD trigger",
        "ONBUILD can't trigger ONBUILD, FROM or MAINTAINER.");

    public static readonly DiagnosticDescriptor DuplicateStageName = new(
        "BLD1113", "Duplicate stage name", Error,
        "duplicate stage name \"{0}\"",
        "Give every stage a unique name after AS.");

    public static readonly DiagnosticDescriptor BlankName = new(
        "BLD1114", "Blank name", Error,
        "{0} names can not be blank",
        "Write NAME=VALUE with a non-empty NAME.");

    public static readonly DiagnosticDescriptor HeredocNotAllowed = new(
        "BLD1115", "Heredoc not allowed here", Error,
        "{0}",
        "Heredocs may be sources of COPY/ADD and commands of RUN, not destinations.");
}
