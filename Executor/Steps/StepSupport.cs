using System.Collections.Immutable;
using Builder.Executor.Context;
using Builder.Parser.Diagnostics;
using Builder.Planner.Model;

namespace Builder.Executor.Steps;

/// <summary>
/// Checks a plan before anything runs, so that a build this executor cannot finish fails at the
/// step's line and leaves the store untouched: RUN, ADD, heredocs, --parents,
/// --exclude, owner names, a bad --chmod, and context sources that match nothing.
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
                case MkdirStep mkdir when Ownership.ParseUser(mkdir.User) is null:
                    NotSupported(step, $"WORKDIR after USER {mkdir.User} (user names need the image's /etc/passwd; use a numeric UID[:GID])");
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
        if (copy.IsAdd)
        {
            notSupported(copy, "ADD");
        }
        else if (!copy.Heredocs.IsEmpty)
        {
            notSupported(copy, "COPY with a here-document");
        }
        else if (copy.Parents || !copy.Excludes.IsEmpty)
        {
            notSupported(copy, copy.Parents ? "COPY --parents" : "COPY --exclude");
        }
        else if (Ownership.ParseUser(copy.Chown) is null)
        {
            notSupported(copy, $"{name} --chown={copy.Chown} (names need the image's /etc/passwd; use a numeric UID[:GID])");
        }
        else if (copy.Chmod is not null && Ownership.ParseMode(copy.Chmod) is null)
        {
            notSupported(copy, $"{name} --chmod={copy.Chmod} (only octal modes such as 0755)");
        }
        else if (copy.Source is ContextCopySource)
        {
            foreach (var source in ((ContextCopySource)copy.Source).Selection.Sources)
            {
                if (context.Resolve(source).IsEmpty)
                {
                    diagnostics.Add(Diagnostic.Create(ExecutorDiagnostics.SourceNotFound, copy.Span, source));
                }
            }
        }
    }
}
