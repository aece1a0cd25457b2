using System.Collections.Immutable;
using Builder.Parser.Diagnostics;
using Builder.Parser.Syntax;
using Builder.Parser.Syntax.Internal;
using Builder.Parser.Text;

namespace Builder.Parser.Instructions;

/// <summary>
/// Turns syntax nodes into typed instructions, validating flags and argument counts the way
/// BuildKit's instruction parser does. Problems become diagnostics; an instruction that cannot
/// be typed at all yields null.
/// </summary>
internal sealed partial class InstructionParser
{
    private static readonly string[] Keywords =
    [
        "add", "arg", "cmd", "copy", "entrypoint", "env", "expose", "from", "healthcheck", "label",
        "maintainer", "onbuild", "run", "shell", "stopsignal", "user", "volume", "workdir",
    ];

    private readonly ImmutableArray<Diagnostic>.Builder _diagnostics;

    public InstructionParser(ImmutableArray<Diagnostic>.Builder diagnostics)
    {
        _diagnostics = diagnostics;
    }

    public Instruction? Parse(InstructionSyntax syntax)
    {
        switch (syntax.Command)
        {
            case "from": return ParseFrom(syntax);
            case "run": return ParseRun(syntax);
            case "cmd": return new CmdInstruction(syntax, Command(syntax, NoFlags(syntax)));
            case "entrypoint": return new EntrypointInstruction(syntax, Command(syntax, NoFlags(syntax)));
            case "shell": return ParseShell(syntax);
            case "copy": return ParseCopy(syntax);
            case "add": return ParseAdd(syntax);
            case "env": return ParseKeyValues(syntax, "ENV", pairs => new EnvInstruction(syntax, pairs));
            case "label": return ParseKeyValues(syntax, "LABEL", pairs => new LabelInstruction(syntax, pairs));
            case "arg": return ParseArg(syntax);
            case "expose": return ParseList(syntax, "EXPOSE", ports => new ExposeInstruction(syntax, ports));
            case "volume": return ParseVolume(syntax);
            case "user": return Single(syntax, "USER", v => new UserInstruction(syntax, v));
            case "workdir": return Single(syntax, "WORKDIR", v => new WorkdirInstruction(syntax, v));
            case "stopsignal": return Single(syntax, "STOPSIGNAL", v => new StopSignalInstruction(syntax, v));
            case "maintainer": return Single(syntax, "MAINTAINER", v => new MaintainerInstruction(syntax, v));
            case "healthcheck": return ParseHealthcheck(syntax);
            case "onbuild": return ParseOnbuild(syntax);
            default:
                Report(InstructionDiagnostics.UnknownInstruction, syntax.Keyword.Span,
                    syntax.Keyword.Value.ToUpperInvariant(), DidYouMean.Suffix(syntax.Command, Keywords, s => s.ToUpperInvariant()));
                return null;
        }
    }

    private void Report(DiagnosticDescriptor descriptor, TextSpan span, params object?[] args) =>
        _diagnostics.Add(Diagnostic.Create(descriptor, span, args));

    private void ReportCount(InstructionSyntax syntax, string keyword, string requirement) =>
        Report(InstructionDiagnostics.WrongArgumentCount, syntax.Span, keyword, requirement);

    private FlagReader NoFlags(InstructionSyntax syntax) => FlagReader.Read(syntax, [], _diagnostics);

    private static CommandLine Command(InstructionSyntax syntax, FlagReader _) =>
        CommandLine.From(syntax, syntax.Arguments, syntax.IsJson);

    private Instruction? ParseFrom(InstructionSyntax syntax)
    {
        var flags = FlagReader.Read(syntax, [new("platform", FlagKind.String)], _diagnostics);
        var args = syntax.Arguments;
        if (args.Length != 1 && args.Length != 3)
        {
            ReportCount(syntax, "FROM", "requires either one or three arguments: FROM [--platform=PLATFORM] IMAGE [AS NAME]");
            return args.Length == 0 ? null : new FromInstruction(syntax, args[0], null, flags.String("platform"));
        }

        SyntaxToken? name = null;
        if (args.Length == 3)
        {
            if (!args[1].Value.Equals("as", StringComparison.OrdinalIgnoreCase))
            {
                ReportCount(syntax, "FROM", $"expects AS before the stage name, not \"{args[1].Value}\"");
            }

            name = args[2];
            if (!IsValidStageName(name.Value.Value))
            {
                Report(InstructionDiagnostics.InvalidStageName, name.Value.Span, name.Value.Value);
            }
        }

        return new FromInstruction(syntax, args[0], name, flags.String("platform"));
    }

    // BuildKit: ^[a-z][a-z0-9-_.]*$ on the lowercased name.
    internal static bool IsValidStageName(string name)
    {
        if (name.Length == 0)
        {
            return false;
        }

        string lower = name.ToLowerInvariant();
        if (lower[0] < 'a' || lower[0] > 'z')
        {
            return false;
        }

        foreach (char c in lower)
        {
            bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private Instruction ParseShell(InstructionSyntax syntax)
    {
        NoFlags(syntax);
        if (syntax.Arguments.IsEmpty)
        {
            ReportCount(syntax, "SHELL", "requires at least one argument");
        }
        else if (!syntax.IsJson)
        {
            Report(InstructionDiagnostics.ShellRequiresJson, syntax.ArgumentsSpan);
        }

        return new ShellInstruction(syntax, syntax.IsJson ? syntax.Arguments : ImmutableArray<SyntaxToken>.Empty);
    }

    private Instruction? ParseKeyValues(InstructionSyntax syntax, string keyword, Func<ImmutableArray<KeyValueSyntax>, Instruction> create)
    {
        NoFlags(syntax);
        if (syntax.KeyValues.IsEmpty)
        {
            // Parse errors (missing '=', missing value) were reported by the syntax layer.
            if (syntax.Form == ArgumentForm.None)
            {
                ReportCount(syntax, keyword, "requires at least one argument");
            }

            return null;
        }

        foreach (var kv in syntax.KeyValues)
        {
            if (kv.Key.Value.Length == 0)
            {
                Report(InstructionDiagnostics.BlankName, kv.Key.Span.IsEmpty ? kv.Value.Span : kv.Key.Span, keyword);
            }
        }

        return create(syntax.KeyValues);
    }

    private Instruction? ParseArg(InstructionSyntax syntax)
    {
        NoFlags(syntax);
        if (syntax.Arguments.IsEmpty)
        {
            ReportCount(syntax, "ARG", "requires at least one argument");
            return null;
        }

        var declarations = ImmutableArray.CreateBuilder<ArgDeclaration>(syntax.Arguments.Length);
        foreach (var word in syntax.Arguments)
        {
            int eq = word.Value.IndexOf('=');
            if (eq == 0 || word.Value.Length == 0)
            {
                Report(InstructionDiagnostics.BlankName, word.Span, "ARG");
                continue;
            }

            if (eq < 0)
            {
                declarations.Add(new ArgDeclaration(word, null));
                continue;
            }

            var name = new SyntaxToken(word.Value.Substring(0, eq), new TextSpan(word.Span.Start, Math.Min(eq, word.Span.Length)));
            int valueStart = Math.Min(word.Span.Start + eq + 1, word.Span.End);
            var value = new SyntaxToken(word.Value.Substring(eq + 1), TextSpan.FromBounds(valueStart, word.Span.End));
            declarations.Add(new ArgDeclaration(name, value));
        }

        return new ArgInstruction(syntax, declarations.ToImmutable());
    }

    private Instruction? ParseList(InstructionSyntax syntax, string keyword, Func<ImmutableArray<SyntaxToken>, Instruction> create)
    {
        NoFlags(syntax);
        if (syntax.Arguments.IsEmpty)
        {
            ReportCount(syntax, keyword, "requires at least one argument");
            return null;
        }

        return create(syntax.Arguments);
    }

    private Instruction? ParseVolume(InstructionSyntax syntax)
    {
        var result = ParseList(syntax, "VOLUME", paths => new VolumeInstruction(syntax, paths));
        foreach (var path in syntax.Arguments)
        {
            if (path.Value.Trim().Length == 0)
            {
                Report(InstructionDiagnostics.WrongArgumentCount, path.Span, "VOLUME", "specified can not be an empty string");
            }
        }

        return result;
    }

    private Instruction? Single(InstructionSyntax syntax, string keyword, Func<SyntaxToken, Instruction> create)
    {
        NoFlags(syntax);
        if (syntax.Arguments.Length != 1)
        {
            ReportCount(syntax, keyword, "requires exactly one argument");
            return null;
        }

        return create(syntax.Arguments[0]);
    }

    private Instruction? ParseOnbuild(InstructionSyntax syntax)
    {
        NoFlags(syntax);
        if (syntax.Child is null)
        {
            ReportCount(syntax, "ONBUILD", "requires at least one argument");
            return null;
        }

        if (syntax.Child.Command is "onbuild" or "from" or "maintainer")
        {
            Report(InstructionDiagnostics.InvalidOnbuildTrigger, syntax.Child.Keyword.Span, syntax.Child.Keyword.Value.ToUpperInvariant());
            return null;
        }

        // Heredocs belong to the ONBUILD line in the syntax tree; the trigger needs them.
        var child = syntax.Child with { Heredocs = syntax.Heredocs };
        var trigger = Parse(child);
        return trigger is null ? null : new OnbuildInstruction(syntax, trigger);
    }

    private Instruction? ParseHealthcheck(InstructionSyntax syntax)
    {
        var flags = FlagReader.Read(
            syntax,
            [
                new("interval", FlagKind.String), new("timeout", FlagKind.String), new("start-period", FlagKind.String),
                new("start-interval", FlagKind.String), new("retries", FlagKind.String),
            ],
            _diagnostics);
        var args = syntax.Arguments;
        if (args.IsEmpty)
        {
            ReportCount(syntax, "HEALTHCHECK", "requires an argument: HEALTHCHECK NONE or HEALTHCHECK [options] CMD command");
            return null;
        }

        string type = args[0].Value.ToUpperInvariant();
        if (type == "NONE")
        {
            if (args.Length > 1)
            {
                ReportCount(syntax, "HEALTHCHECK", "NONE takes no arguments");
            }

            return new HealthcheckInstruction(syntax, null, null, null, null, null, null);
        }

        if (type != "CMD")
        {
            Report(InstructionDiagnostics.WrongArgumentCount, args[0].Span, "HEALTHCHECK", $"has unknown type \"{args[0].Value}\" (try CMD)");
            return null;
        }

        if (args.Length < 2)
        {
            ReportCount(syntax, "HEALTHCHECK", "CMD needs a command after it");
            return null;
        }

        var rest = args.RemoveAt(0);
        var test = syntax.IsJson
            ? new CommandLine(true, rest, null)
            : new CommandLine(false, ImmutableArray<SyntaxToken>.Empty, rest[0]);
        int? retries = null;
        if (flags.String("retries") is { } retriesToken)
        {
            if (!int.TryParse(retriesToken.Value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out int r) || r < 0)
            {
                Report(InstructionDiagnostics.InvalidFlagValue, retriesToken.Span, "retries", $"\"{retriesToken.Value}\" is not a number of retries (0 or more)");
            }
            else
            {
                retries = r;
            }
        }

        return new HealthcheckInstruction(
            syntax,
            test,
            Duration(flags, "interval"),
            Duration(flags, "timeout"),
            Duration(flags, "start-period"),
            Duration(flags, "start-interval"),
            retries);
    }

    private TimeSpan? Duration(FlagReader flags, string name)
    {
        if (flags.String(name) is not { } token)
        {
            return null;
        }

        if (!GoDuration.TryParse(token.Value, out var value))
        {
            Report(InstructionDiagnostics.InvalidFlagValue, token.Span, name, $"\"{token.Value}\" is not a duration such as 30s, 1m30s or 500ms");
            return null;
        }

        if (value != TimeSpan.Zero && value < TimeSpan.FromMilliseconds(1))
        {
            Report(InstructionDiagnostics.InvalidFlagValue, token.Span, name, $"\"{token.Value}\" cannot be less than 1ms");
            return null;
        }

        return value;
    }

    private static HeredocSyntax? FindHeredoc(InstructionSyntax syntax, string word)
    {
        if (syntax.Heredocs.IsEmpty || HeredocScanner.ParseWord(word, out _) is not { } opener)
        {
            return null;
        }

        foreach (var h in syntax.Heredocs)
        {
            if (h.Name == opener.Name)
            {
                return h;
            }
        }

        return null;
    }
}
