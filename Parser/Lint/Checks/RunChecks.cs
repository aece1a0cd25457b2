using System.Collections.Immutable;
using Builder.Parser.Instructions;
using Builder.Parser.Lint.Shell;
using Builder.Parser.Syntax;
using Builder.Parser.Text;

namespace Builder.Parser.Lint.Checks;

/// <summary>
/// The shell-aware rules: each shell-form RUN, and each heredoc body a shell runs, is split into
/// commands, which the package-manager and shell-usage rules then inspect.
/// </summary>
internal static class RunChecks
{
    private static readonly string[] Shells = ["sh", "bash", "ash", "dash", "zsh", "/bin/sh", "/bin/bash", "/bin/ash", "/bin/dash"];

    public static void Run(LintContext context)
    {
        var file = context.File;
        var parents = StageParents.Compute(file);
        var pipefailShell = new bool[file.Stages.Length];
        for (int i = 0; i < file.Stages.Length; i++)
        {
            var stage = file.Stages[i];
            bool pipefail = parents[i] >= 0 && pipefailShell[parents[i]];
            bool pipNoCache = false;
            var downloads = new StageDownloads();
            foreach (var instruction in stage.Instructions)
            {
                switch (instruction)
                {
                    case ShellInstruction shell:
                        pipefail = shell.Shell.Any(t => t.Value == "pipefail");
                        break;
                    case EnvInstruction env when env.Variables.Any(v => v.Key.Value == "PIP_NO_CACHE_DIR"):
                        pipNoCache = true;
                        break;
                    case RunInstruction run:
                        var scripts = Scripts(context, run);
                        new RunRules(context, run, pipefail, pipNoCache).Check(scripts);
                        downloads.Add(scripts);
                        break;
                    case CopyInstruction copy:
                        CheckCopyFrom(context, stage, copy);
                        break;
                }
            }

            pipefailShell[i] = pipefail;
            downloads.Report(context);
        }

        CheckLastUser(context, parents);
    }

    /// <summary>The shell scripts of a RUN: its command line, and heredoc bodies that a shell runs.</summary>
    private static ImmutableArray<ImmutableArray<ShellCommand>> Scripts(LintContext context, RunInstruction run)
    {
        if (run.Command.IsExec)
        {
            return ExecScript(context, run.Command);
        }

        var syntax = run.Syntax;
        var result = ImmutableArray.CreateBuilder<ImmutableArray<ShellCommand>>();
        var line = ShellScript.Parse(context.Text.Text, syntax.ArgumentsSpan, context.File.Syntax.EscapeToken, SkipCommentLines(syntax));
        result.Add(line);
        if (run.Heredocs.IsEmpty)
        {
            return result.ToImmutable();
        }

        string text = run.Command.ShellText?.Value ?? string.Empty;
        int first = 0;
        while (first < text.Length && char.IsWhiteSpace(text[first]))
        {
            first++;
        }

        bool bodyIsScript = string.CompareOrdinal(text, first, "<<", 0, 2) == 0 ||
            (line.Length == 1 && line[0].Words.Length > 0 && Shells.Contains(line[0].Words[0].Value));
        if (bodyIsScript)
        {
            foreach (var heredoc in run.Heredocs)
            {
                if (!heredoc.Content.StartsWith("#!", StringComparison.Ordinal) || IsShellShebang(heredoc.Content))
                {
                    result.Add(ShellScript.Parse(context.Text.Text, heredoc.BodySpan));
                }
            }
        }

        return result.ToImmutable();
    }

    // RUN ["sh", "-c", "script"]: the script is shell too, when its JSON string has no escapes
    // (then every character of the value sits at a known offset in the source).
    private static ImmutableArray<ImmutableArray<ShellCommand>> ExecScript(LintContext context, CommandLine command)
    {
        var args = command.Arguments;
        if (args.Length < 3 || !Shells.Contains(args[0].Value) || args[1].Value != "-c")
        {
            return ImmutableArray<ImmutableArray<ShellCommand>>.Empty;
        }

        var script = args[2];
        var span = new TextSpan(script.Span.Start + 1, script.Value.Length);
        bool verbatim = script.Span.Length == script.Value.Length + 2 && span.End <= context.Text.Length &&
            string.CompareOrdinal(context.Text.Text, span.Start, script.Value, 0, script.Value.Length) == 0;
        return verbatim
            ? [ShellScript.Parse(context.Text.Text, span)]
            : ImmutableArray<ImmutableArray<ShellCommand>>.Empty;
    }

    private static bool IsShellShebang(string content)
    {
        int nl = content.IndexOf('\n');
        string first = nl < 0 ? content : content.Substring(0, nl);
        return Shells.Any(s => first.EndsWith("/" + s.TrimStart('/').Split('/').Last(), StringComparison.Ordinal) || first.EndsWith(" " + s, StringComparison.Ordinal));
    }

    // Comment and blank lines inside a continued RUN are not part of the command.
    private static Func<int, int>? SkipCommentLines(InstructionSyntax syntax)
    {
        if (syntax.Lines.Length == 1)
        {
            return null;
        }

        // Two loops rather than Where/Select/ToArray over the line struct: LINQ instantiated over
        // structs is generic code nothing precompiles, jitted on the analyzer's first use.
        int count = 0;
        foreach (var line in syntax.Lines)
        {
            if (line.Kind is LineKind.Comment or LineKind.EmptyContinuation)
            {
                count++;
            }
        }

        if (count == 0)
        {
            return null;
        }

        var skipped = new TextSpan[count];
        count = 0;
        foreach (var line in syntax.Lines)
        {
            if (line.Kind is LineKind.Comment or LineKind.EmptyContinuation)
            {
                skipped[count++] = line.FullSpan;
            }
        }

        return offset =>
        {
            bool moved = true;
            while (moved)
            {
                moved = false;
                foreach (var span in skipped)
                {
                    if (span.Start == offset)
                    {
                        offset = span.End;
                        moved = true;
                    }
                }
            }

            return offset;
        };
    }

    private static void CheckCopyFrom(LintContext context, Stage stage, CopyInstruction copy)
    {
        if (copy.From is not { } reference || reference.Value.IndexOfAny(['$', ':', '/', '@']) >= 0)
        {
            return;
        }

        string name = reference.Value.ToLowerInvariant();

        // The token spans the whole flag; point at the value when it is written as is.
        var span = reference.Span;
        if (span.Length > reference.Value.Length && context.Text.ToString(span).EndsWith(reference.Value, StringComparison.Ordinal))
        {
            reference = reference with { Span = new TextSpan(span.End - reference.Value.Length, reference.Value.Length) };
        }

        var stages = context.File.Stages;
        if (int.TryParse(name, out int index))
        {
            if (index >= stage.Index)
            {
                context.Report(ShellRules.CopyFromUnknownStage, reference.Span, reference.Value, " (a stage index must name an earlier stage)");
            }

            return;
        }

        if (stages.Take(stage.Index).Any(s => s.Name == name))
        {
            return;
        }

        string hint = stages.Skip(stage.Index).Any(s => s.Name == name) ? $" (stage '{name}' is defined later; move it before this one)" : string.Empty;
        context.Report(ShellRules.CopyFromUnknownStage, reference.Span, reference.Value, hint);
    }

    private static void CheckLastUser(LintContext context, int[] parents)
    {
        var stages = context.File.Stages;
        for (int i = stages.Length - 1; i >= 0; i = parents[i])
        {
            if (stages[i].Instructions.OfType<UserInstruction>().LastOrDefault() is { } user)
            {
                string name = user.User.Value.Split(':')[0];
                if (name is "root" or "0")
                {
                    context.Report(ShellRules.LastUserRoot, user.User.Span, name);
                }

                return;
            }
        }
    }

    /// <summary>CurlAndWget: the first use of each tool in a stage.</summary>
    private sealed class StageDownloads
    {
        private ShellWord? _curl;
        private ShellWord? _wget;

        public void Add(ImmutableArray<ImmutableArray<ShellCommand>> scripts)
        {
            foreach (var command in scripts.SelectMany(s => s))
            {
                if (ShellCommandView.From(command) is not { } view)
                {
                    continue;
                }

                if (view.Program == "curl")
                {
                    _curl ??= view.Name;
                }
                else if (view.Program == "wget")
                {
                    _wget ??= view.Name;
                }
            }
        }

        public void Report(LintContext context)
        {
            if (_curl is { } curl && _wget is { } wget)
            {
                TextSpan later = curl.Span.Start > wget.Span.Start ? curl.Span : wget.Span;
                context.Report(ShellRules.CurlAndWget, later);
            }
        }
    }
}
