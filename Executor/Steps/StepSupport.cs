using System.Collections.Immutable;
using Builder.Cache.Oci;
using Builder.Executor.Context;
using Builder.Executor.Steps.Copy;
using Builder.Parser.Diagnostics;
using Builder.Planner.Model;

namespace Builder.Executor.Steps;

/// <summary>
/// Checks a plan before anything runs, so that a build this executor cannot finish fails at the
/// step's line and leaves the store untouched: RUN, git sources of ADD, a --chmod that is
/// neither octal nor symbolic, a malformed --checksum, and context sources that match nothing.
/// Owner names are resolved when the step runs (they need the parent filesystem's /etc/passwd).
/// </summary>
internal static class StepSupport
{
    public static ImmutableArray<Diagnostic> Check(BuildPlan plan, BuildContext context)
    {
        var diagnostics = ImmutableArray.CreateBuilder<Diagnostic>();
        void NotSupported(BuildStep step, string what) => diagnostics.Add(Diagnostic.Create(ExecutorDiagnostics.NotSupported, step.Span, what));

        foreach (var step in plan.Steps)
        {
            switch (step)
            {
                case RunStep run:
                    CheckRun(run, NotSupported);
                    break;
                case CopyStep copy:
                    CheckCopy(copy, context, NotSupported, diagnostics);
                    break;
            }
        }

        return diagnostics.ToImmutable();
    }

    private static void CheckRun(RunStep run, Action<BuildStep, string> notSupported)
    {
        if (run.Security == Parser.Instructions.SecurityMode.Insecure)
        {
            notSupported(run, "RUN --security=insecure (builder runs every RUN in the default sandbox)");
        }
        else if (run.Mounts.FirstOrDefault(m => m.Spec.Type == Parser.Instructions.MountType.Ssh) is not null)
        {
            notSupported(run, "RUN --mount=type=ssh (no SSH agent forwarding; use --mount=type=secret for keys)");
        }
        else if (run.Mounts.FirstOrDefault(m => m.Spec.Type == Parser.Instructions.MountType.Cache && m.Spec.From is not null) is not null)
        {
            notSupported(run, "RUN --mount=type=cache,from=… (a cache seeded from a stage)");
        }
        else if (!Sandbox.SandboxHelper.CanRun(out var why))
        {
            notSupported(run, "RUN here: " + why);
        }
    }

    private static void CheckCopy(CopyStep copy, BuildContext context, Action<BuildStep, string> notSupported, ImmutableArray<Diagnostic>.Builder diagnostics)
    {
        string name = copy.IsAdd ? "ADD" : "COPY";
        if (copy.Sources.FirstOrDefault(IsGit) is { } git)
        {
            notSupported(copy, $"ADD of a git repository ({git}); clone it in an earlier stage or add an archive of it");
        }
        else if (copy.Chmod is not null && ModeSpec.Parse(copy.Chmod) is null)
        {
            notSupported(copy, $"{name} --chmod={copy.Chmod}: a mode must be octal (0755) or symbolic like chmod's (u+x, u=rwX,go=rX); this value");
        }
        else if (copy.Checksum is { } checksum && (!Digest.TryParse(checksum, out _) || !copy.Sources.Any(UrlSource.IsUrl)))
        {
            notSupported(copy, $"ADD --checksum={checksum}: it needs an http(s) source and the form sha256:<64 hex digits>; this use");
        }
        else if (copy.Source is ContextCopySource source)
        {
            foreach (var path in source.Selection.Sources)
            {
                if (context.Resolve(CopySelection.SplitPivot(path).Path).IsEmpty)
                {
                    diagnostics.Add(Diagnostic.Create(ExecutorDiagnostics.SourceNotFound, copy.Span, path));
                }
            }
        }
    }

    private static bool IsGit(string source) =>
        source.StartsWith("git@", StringComparison.Ordinal) || source.StartsWith("git://", StringComparison.Ordinal)
        || (UrlSource.IsUrl(source) && new Uri(source).AbsolutePath.EndsWith(".git", StringComparison.Ordinal));
}
