using System.Collections.Immutable;

namespace Builder.Parser.Diagnostics;

/// <summary>
/// Every diagnostic descriptor of the parser, in id order. The help pages under
/// <c>docs/diagnostics/</c> are generated from this list (a golden test keeps them in step).
/// </summary>
public static class DiagnosticCatalog
{
    public static ImmutableArray<DiagnosticDescriptor> All { get; } =
    [
        ParserDiagnostics.NoInstructions,
        ParserDiagnostics.DuplicateDirective,
        ParserDiagnostics.InvalidEscapeToken,
        ParserDiagnostics.EmptyContinuationLine,
        ParserDiagnostics.UnterminatedHeredoc,
        ParserDiagnostics.JsonArrayNotStrings,
        ParserDiagnostics.MissingKeyValueArguments,
        ParserDiagnostics.KeyValueWithoutEquals,
        ParserDiagnostics.InvalidHeredoc,
        InstructionDiagnostics.UnknownInstruction,
        InstructionDiagnostics.UnknownFlag,
        InstructionDiagnostics.FlagMissingValue,
        InstructionDiagnostics.InvalidBooleanFlag,
        InstructionDiagnostics.DuplicateFlag,
        InstructionDiagnostics.WrongArgumentCount,
        InstructionDiagnostics.InvalidStageName,
        InstructionDiagnostics.InvalidMount,
        InstructionDiagnostics.InvalidFlagValue,
        InstructionDiagnostics.ShellRequiresJson,
        InstructionDiagnostics.NoStage,
        InstructionDiagnostics.InvalidOnbuildTrigger,
        InstructionDiagnostics.DuplicateStageName,
        InstructionDiagnostics.BlankName,
        InstructionDiagnostics.HeredocNotAllowed,
        Ignore.IgnoreDiagnostics.ExclusionWithoutPattern,
        Ignore.IgnoreDiagnostics.InvalidPattern,
        Ignore.IgnoreDiagnostics.PatternFailsWhenMatched,
        Ignore.IgnoreDiagnostics.LineTooLong,
        Ignore.IgnoreDiagnostics.PatternOutsideContext,
    ];
}
