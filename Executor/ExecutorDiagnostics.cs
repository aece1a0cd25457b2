using Builder.Parser.Diagnostics;

namespace Builder.Executor;

/// <summary>Diagnostics of the executor (BLD31xx): steps this build cannot run yet, missing context sources.</summary>
public static class ExecutorDiagnostics
{
    public static readonly DiagnosticDescriptor NotSupported = new(
        "BLD3101", "Step not supported yet", DiagnosticSeverity.Error,
        "{0} is not supported yet",
        "This build runs FROM (scratch, a stage, a local image), metadata instructions, WORKDIR, COPY from the context and COPY --from a stage or a local image; remove the step or wait for the executor that runs it.");

    public static readonly DiagnosticDescriptor SourceNotFound = new(
        "BLD3102", "COPY source not found", DiagnosticSeverity.Error,
        "COPY failed: \"{0}\" not found in the build context (or excluded by .dockerignore)",
        "Check the path relative to the context directory and the .dockerignore patterns.");

    public static readonly DiagnosticDescriptor StepFailed = new(
        "BLD3103", "Step failed", DiagnosticSeverity.Error,
        "{0} failed: {1}",
        "Nothing was recorded: fix the cause and build again; steps that were cached before are reused.");
}
