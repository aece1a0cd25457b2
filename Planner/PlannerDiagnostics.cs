using System.Collections.Immutable;
using Builder.Parser.Diagnostics;

namespace Builder.Planner;

/// <summary>Diagnostics of the planner (BLD3xxx): expansion, stages, base images, ARGs.</summary>
public static class PlannerDiagnostics
{
    private const DiagnosticSeverity Error = DiagnosticSeverity.Error;
    private const DiagnosticSeverity Warning = DiagnosticSeverity.Warning;

    public static readonly DiagnosticDescriptor ExpansionFailed = new(
        "BLD3001", "Variable expansion failed", Error,
        "failed to process \"{0}\": {1}",
        "Fix the ${{...}} expression; quote a literal '$' as '\\$'.");

    public static readonly DiagnosticDescriptor BlankBaseName = new(
        "BLD3002", "Base name is blank", Error,
        "base name ({0}) should not be blank",
        "FROM expands only ARGs declared before the first FROM (or given with --build-arg); declare the ARG there with a default.");

    public static readonly DiagnosticDescriptor InvalidPlatform = new(
        "BLD3003", "Invalid platform", Error,
        "invalid platform \"{0}\" from expression {1}",
        "Write --platform=os/arch[/variant], for example linux/amd64.");

    public static readonly DiagnosticDescriptor UnknownTarget = new(
        "BLD3004", "Unknown target stage", Error,
        "target stage \"{0}\" could not be found{1}",
        "Pass --target with the name after AS of one of the stages.");

    public static readonly DiagnosticDescriptor ImageNotFound = new(
        "BLD3005", "Base image not found", Error,
        "{0}: {1}",
        "Load or import the image into the store first (builder load / builder import), or fix the name.");

    public static readonly DiagnosticDescriptor StageIndexOutOfRange = new(
        "BLD3006", "Invalid stage index", Error,
        "invalid stage index {0}",
        "Stage indexes count from 0 in the order of the FROM lines.");

    public static readonly DiagnosticDescriptor FromNotExpanded = new(
        "BLD3007", "Variable in --from", Error,
        "variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope as a workaround",
        "Add 'ARG NAME' before the first FROM, 'FROM ${{NAME}} AS src', and COPY --from=src.");

    public static readonly DiagnosticDescriptor StageNotYetDefined = new(
        "BLD3008", "Stage used before it is defined", Error,
        "cannot copy from stage \"{0}\", it needs to be defined before current stage \"{1}\"",
        "Move the stage above the one that uses it.");

    public static readonly DiagnosticDescriptor CircularDependency = new(
        "BLD3009", "Circular stage dependency", Error,
        "circular dependency detected on stage: {0}",
        "A stage cannot depend on itself through FROM, COPY --from or RUN --mount=from.");

    public static readonly DiagnosticDescriptor InvalidPort = new(
        "BLD3010", "Invalid EXPOSE port", Error,
        "{0}",
        "Write PORT[/tcp|udp|sctp] or a range START-END[/PROTO].");

    public static readonly DiagnosticDescriptor EmptyVolume = new(
        "BLD3011", "Empty VOLUME", Error,
        "VOLUME specified can not be an empty string",
        "Give each VOLUME a path.");

    public static readonly DiagnosticDescriptor UnusedBuildArg = new(
        "BLD3012", "Build argument not consumed", Warning,
        "build argument \"{0}\" was not consumed by any ARG of the planned stages",
        "Declare it with ARG in the stage that needs it, or drop the --build-arg.");

    public static ImmutableArray<DiagnosticDescriptor> All { get; } =
    [
        ExpansionFailed, BlankBaseName, InvalidPlatform, UnknownTarget, ImageNotFound, StageIndexOutOfRange,
        FromNotExpanded, StageNotYetDefined, CircularDependency, InvalidPort, EmptyVolume, UnusedBuildArg,
    ];
}
