using System.Collections.Immutable;
using Builder.Parser.Diagnostics;
using Builder.Parser.Syntax;

namespace Builder.Parser.Instructions;

internal sealed partial class InstructionParser
{
    private static readonly FlagDefinition[] CopyFlags =
    [
        new("from", FlagKind.String), new("chown", FlagKind.String), new("chmod", FlagKind.String),
        new("link", FlagKind.Bool), new("parents", FlagKind.Bool), new("exclude", FlagKind.List),
    ];

    private static readonly FlagDefinition[] AddFlags =
    [
        new("chown", FlagKind.String), new("chmod", FlagKind.String), new("link", FlagKind.Bool),
        new("checksum", FlagKind.String), new("keep-git-dir", FlagKind.Bool), new("exclude", FlagKind.List),
        new("unpack", FlagKind.Bool),
    ];

    private Instruction? ParseCopy(InstructionSyntax syntax)
    {
        var flags = FlagReader.Read(syntax, CopyFlags, _diagnostics);
        if (!SplitSources(syntax, "COPY", out var sources, out var heredocs, out var destination))
        {
            return null;
        }

        return new CopyInstruction(syntax, sources, heredocs, destination, flags.String("from"), flags.Bool("parents") ?? false, Options(flags));
    }

    private Instruction? ParseAdd(InstructionSyntax syntax)
    {
        var flags = FlagReader.Read(syntax, AddFlags, _diagnostics);
        if (!SplitSources(syntax, "ADD", out var sources, out var heredocs, out var destination))
        {
            return null;
        }

        return new AddInstruction(
            syntax, sources, heredocs, destination, flags.String("checksum"), flags.Bool("keep-git-dir") ?? false, flags.Bool("unpack"), Options(flags));
    }

    private CopyOptions Options(FlagReader flags)
    {
        var chmod = flags.String("chmod");
        if (chmod is { } mode && mode.Value.IndexOf('$') < 0 && !IsChmod(mode.Value))
        {
            Report(InstructionDiagnostics.InvalidFlagValue, mode.Span, "chmod", $"\"{mode.Value}\" (use an octal mode such as 0755, or a symbolic mode such as u+x)");
        }

        return new CopyOptions(flags.String("chown"), chmod, flags.Bool("link") ?? false, flags.List("exclude"));
    }

    // Octal (BuildKit's original form) or the symbolic form it accepts since 1.14 (u+x,g-w,...).
    private static bool IsChmod(string value)
    {
        if (value.Length > 0 && value.All(c => c >= '0' && c <= '7'))
        {
            return value.Length <= 4;
        }

        foreach (var clause in value.Split(','))
        {
            int p = 0;
            while (p < clause.Length && "ugoa".IndexOf(clause[p]) >= 0)
            {
                p++;
            }

            if (p >= clause.Length || "+-=".IndexOf(clause[p]) < 0)
            {
                return false;
            }

            p++;
            while (p < clause.Length && "rwxXst".IndexOf(clause[p]) >= 0)
            {
                p++;
            }

            if (p != clause.Length)
            {
                return false;
            }
        }

        return value.Length > 0;
    }

    private bool SplitSources(
        InstructionSyntax syntax,
        string keyword,
        out ImmutableArray<SyntaxToken> sources,
        out ImmutableArray<HeredocSource> heredocs,
        out SyntaxToken destination)
    {
        sources = ImmutableArray<SyntaxToken>.Empty;
        heredocs = ImmutableArray<HeredocSource>.Empty;
        destination = default;
        var args = syntax.Arguments;
        if (args.Length < 2)
        {
            ReportCount(syntax, keyword, "requires at least two arguments, but only one was provided. Destination could not be determined");
            return false;
        }

        destination = args[args.Length - 1];
        if (!syntax.IsJson && FindHeredoc(syntax, destination.Value) is not null)
        {
            Report(InstructionDiagnostics.HeredocNotAllowed, destination.Span, "a heredoc cannot be used as the destination of " + keyword);
            return false;
        }

        var files = ImmutableArray.CreateBuilder<SyntaxToken>();
        var inline = ImmutableArray.CreateBuilder<HeredocSource>();
        for (int i = 0; i < args.Length - 1; i++)
        {
            var heredoc = syntax.IsJson ? null : FindHeredoc(syntax, args[i].Value);
            if (heredoc is not null)
            {
                inline.Add(new HeredocSource(heredoc));
            }
            else
            {
                files.Add(args[i]);
            }
        }

        sources = files.ToImmutable();
        heredocs = inline.ToImmutable();
        return true;
    }
}
