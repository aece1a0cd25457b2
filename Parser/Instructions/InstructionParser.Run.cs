using System.Collections.Immutable;
using Builder.Parser.Diagnostics;
using Builder.Parser.Syntax;

namespace Builder.Parser.Instructions;

internal sealed partial class InstructionParser
{
    private static readonly FlagDefinition[] RunFlags =
    [
        new("mount", FlagKind.List), new("network", FlagKind.String), new("security", FlagKind.String),
        new("device", FlagKind.List),
    ];

    private Instruction? ParseRun(InstructionSyntax syntax)
    {
        var flags = FlagReader.Read(syntax, RunFlags, _diagnostics);
        if (syntax.Arguments.IsEmpty)
        {
            ReportCount(syntax, "RUN", "requires at least one argument");
            return null;
        }

        var mounts = ImmutableArray.CreateBuilder<MountSpec>();
        foreach (var flag in flags.List("mount"))
        {
            var mount = MountParser.Parse(flag, out var error);
            if (mount is null)
            {
                Report(InstructionDiagnostics.InvalidMount, flag.Span, error);
                continue;
            }

            mounts.Add(mount);
        }

        NetworkMode? network = null;
        if (flags.String("network") is { } networkToken)
        {
            switch (networkToken.Value)
            {
                case "default": network = NetworkMode.Default; break;
                case "none": network = NetworkMode.None; break;
                case "host": network = NetworkMode.Host; break;
                default:
                    Report(InstructionDiagnostics.InvalidFlagValue, networkToken.Span, "network", $"\"{networkToken.Value}\" (use default, none or host)");
                    break;
            }
        }

        SecurityMode? security = null;
        if (flags.String("security") is { } securityToken)
        {
            switch (securityToken.Value)
            {
                case "sandbox": security = SecurityMode.Sandbox; break;
                case "insecure": security = SecurityMode.Insecure; break;
                default:
                    Report(InstructionDiagnostics.InvalidFlagValue, securityToken.Span, "security", $"\"{securityToken.Value}\" (use sandbox or insecure)");
                    break;
            }
        }

        return new RunInstruction(syntax, Command(syntax, flags), mounts.ToImmutable(), network, security, syntax.Heredocs);
    }
}
