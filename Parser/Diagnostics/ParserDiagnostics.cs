namespace Builder.Parser.Diagnostics;

/// <summary>
/// The syntax diagnostics table (BLD1xxx). One row per problem the parser can find; the CLI, the
/// MSBuild task and the analyzer all print these rows, so the ids are stable and documented.
/// </summary>
public static class ParserDiagnostics
{
    private const DiagnosticSeverity Error = DiagnosticSeverity.Error;
    private const DiagnosticSeverity Warning = DiagnosticSeverity.Warning;

    public static readonly DiagnosticDescriptor NoInstructions = new(
        "BLD1001", "File with no instructions", Error,
        "file with no instructions",
        "A Dockerfile needs at least a FROM instruction. Check that the right file was passed with -f.");

    public static readonly DiagnosticDescriptor DuplicateDirective = new(
        "BLD1002", "Duplicate parser directive", Error,
        "only one {0} parser directive can be used",
        "Remove the repeated '# {0}=' line; each parser directive may appear once, at the top of the file.");

    public static readonly DiagnosticDescriptor InvalidEscapeToken = new(
        "BLD1003", "Invalid escape token", Error,
        "invalid escape token '{0}' does not match ` or \\",
        "Use '# escape=\\' (the default) or '# escape=`'.");

    public static readonly DiagnosticDescriptor EmptyContinuationLine = new(
        "BLD1004", "Empty continuation line", Warning,
        "Empty continuation line found in: {0}",
        "Remove the blank line inside the continued instruction; empty continuation lines will become errors in a future release.");

    public static readonly DiagnosticDescriptor UnterminatedHeredoc = new(
        "BLD1005", "Unterminated heredoc", Error,
        "unterminated heredoc: no line '{0}' ends the here-document",
        "Add a line containing only '{0}' after the here-document body.");

    public static readonly DiagnosticDescriptor JsonArrayNotStrings = new(
        "BLD1006", "JSON array of non-strings", Error,
        "when using JSON array syntax, arrays must be comprised of strings only",
        "Quote every element, e.g. [\"echo\", \"1\"], or use the shell form.");

    public static readonly DiagnosticDescriptor MissingKeyValueArguments = new(
        "BLD1007", "Missing value", Error,
        "{0} must have two arguments",
        "Write '{0} name=value' (or the legacy '{0} name value').");

    public static readonly DiagnosticDescriptor KeyValueWithoutEquals = new(
        "BLD1008", "Missing '=' in name=value list", Error,
        "Syntax error - can't find = in \"{0}\". Must be of the form: name=value",
        "Every word after the first name=value pair must also be name=value; quote values that contain spaces.");

    public static readonly DiagnosticDescriptor InvalidHeredoc = new(
        "BLD1009", "Invalid heredoc", Error,
        "invalid heredoc: {0}",
        "Close the quotes of the here-document delimiter, e.g. <<'EOF'.");
}
