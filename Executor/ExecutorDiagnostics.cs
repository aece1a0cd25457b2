using Builder.Parser.Diagnostics;

namespace Builder.Executor;

/// <summary>Diagnostics of the executor (BLD31xx): steps this build cannot run yet, missing context sources.</summary>
public static class ExecutorDiagnostics
{
    public static readonly DiagnosticDescriptor NotSupported = new(
        "BLD3101", "Step not supported yet", DiagnosticSeverity.Error,
        "{0} is not supported yet",
        "Builder runs every Dockerfile instruction, but not this form of it (see the message): rewrite the step with a supported form, or run builder as root when the message says RUN needs it.");

    public static readonly DiagnosticDescriptor SourceNotFound = new(
        "BLD3102", "COPY source not found", DiagnosticSeverity.Error,
        "COPY failed: \"{0}\" not found in the build context (or excluded by .dockerignore)",
        "Check the path relative to the context directory and the .dockerignore patterns.");

    public static readonly DiagnosticDescriptor StepFailed = new(
        "BLD3103", "Step failed", DiagnosticSeverity.Error,
        "{0} failed: {1}",
        "Nothing was recorded: fix the cause and build again; steps that were cached before are reused.");
}
