using System.Collections.Immutable;
using Builder.Parser.Instructions;
using Builder.Parser.Lint.Shell;

namespace Builder.Parser.Lint.Checks;

/// <summary>The per-RUN shell rules over the commands of one RUN (command line and heredoc scripts).</summary>
internal sealed class RunRules(LintContext context, RunInstruction run, bool pipefailShell, bool pipNoCacheEnv)
{
    public void Check(ImmutableArray<ImmutableArray<ShellCommand>> scripts)
    {
        ShellWord? aptInstall = null;
        bool listsRemoved = HasCacheMount("/var/lib/apt");
        foreach (var script in scripts)
        {
            bool pipefail = pipefailShell;
            bool pipeReported = false;
            foreach (var command in script)
            {
                if (ShellCommandView.From(command) is not { } view)
                {
                    continue;
                }

                if (view.Sudo is { } sudo)
                {
                    context.Report(ShellRules.Sudo, sudo.Span);
                }

                switch (view.Program)
                {
                    case "cd":
                        context.Report(ShellRules.CdInsteadOfWorkdir, view.Name.Span);
                        break;
                    case "set" when view.Arguments.Any(a => a.Value == "pipefail"):
                        pipefail = true;
                        break;
                    case "apt-get":
                        aptInstall ??= CheckAptGet(view);
                        break;
                    case "rm" when view.Arguments.Any(a => a.Value.StartsWith("/var/lib/apt/lists", StringComparison.Ordinal)):
                        listsRemoved = true;
                        break;
                    case "pip" or "pip3":
                        CheckPip(view, view.Subcommand);
                        break;
                    case "python" or "python3" when view.Arguments.Length > 2 && view.Arguments[0].Value == "-m" && view.Arguments[1].Value is "pip" or "pip3":
                        CheckPip(view, view.Arguments[2]);
                        break;
                    case "apk":
                        CheckApk(view);
                        break;
                }

                if (command.PipesIntoNext && !pipefail && !pipeReported)
                {
                    context.Report(ShellRules.PipeWithoutPipefail, view.Name.Span, view.Program);
                    pipeReported = true;
                }
            }
        }

        if (aptInstall is { } install && !listsRemoved)
        {
            context.Report(ShellRules.AptListsNotCleaned, install.Span);
        }
    }

    /// <returns>The <c>install</c> word when this is <c>apt-get install</c>.</returns>
    private ShellWord? CheckAptGet(ShellCommandView view)
    {
        if (view.Subcommand is not { } sub)
        {
            return null;
        }

        if (sub.Value is "upgrade" or "dist-upgrade")
        {
            context.Report(ShellRules.AptGetUpgrade, sub.Span, sub.Value);
            return null;
        }

        if (sub.Value != "install")
        {
            return null;
        }

        bool yes = view.Arguments.Any(a => a.Value is "--yes" or "--assume-yes" or "-qq" or "--quiet=2" or "-q=2" ||
            (a.Value.Length > 1 && a.Value[0] == '-' && a.Value[1] != '-' && a.Value.IndexOf('y') > 0));
        if (!yes)
        {
            context.Report(ShellRules.AptGetMissingYes, sub.Span);
        }

        if (!view.Arguments.Any(a => a.Value == "--no-install-recommends" || a.Value.EndsWith("Install-Recommends=false", StringComparison.OrdinalIgnoreCase)))
        {
            context.Report(ShellRules.AptGetNoInstallRecommends, sub.Span);
        }

        bool afterInstall = false;
        foreach (var arg in view.Arguments)
        {
            if (arg.Span == sub.Span)
            {
                afterInstall = true;
                continue;
            }

            bool option = arg.Value.StartsWith("-", StringComparison.Ordinal);
            if (afterInstall && !option && arg.Value.IndexOf('=') < 0 && !arg.Value.EndsWith(".deb", StringComparison.Ordinal) && arg.Value.IndexOf('$') < 0)
            {
                context.Report(ShellRules.AptGetUnpinned, arg.Span, arg.Value);
            }
        }

        return sub;
    }

    private void CheckPip(ShellCommandView view, ShellWord? sub)
    {
        if (sub is { Value: "install" } install && !pipNoCacheEnv && !HasCacheMount(".cache/pip") &&
            !view.Arguments.Any(a => a.Value == "--no-cache-dir"))
        {
            context.Report(ShellRules.PipNoCacheDir, install.Span);
        }
    }

    private void CheckApk(ShellCommandView view)
    {
        if (view.Subcommand is { Value: "add" } add && !view.HasOption("--no-cache") && !HasCacheMount("/var/cache/apk"))
        {
            context.Report(ShellRules.ApkNoCache, add.Span);
        }
    }

    private bool HasCacheMount(string target) =>
        run.Mounts.Any(m => m.Type == MountType.Cache && m.Target is { } t && t.IndexOf(target, StringComparison.Ordinal) >= 0);
}
