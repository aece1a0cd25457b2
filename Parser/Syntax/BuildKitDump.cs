using System.Text;

namespace Builder.Parser.Syntax;

/// <summary>
/// Reproduces BuildKit's <c>Node.Dump()</c> so that the parser can be checked against BuildKit's
/// own test files byte for byte. The dump shows what BuildKit's AST holds and nothing more: no
/// heredoc bodies, comments, directives or exec-form marker.
/// </summary>
public static class BuildKitDump
{
    public static string Dump(DockerfileSyntaxTree tree)
    {
        var sb = new StringBuilder();
        foreach (var instruction in tree.Instructions)
        {
            sb.Append('(');
            AppendInstruction(sb, instruction);
            sb.Append(")\n");
        }

        return sb.ToString().Trim();
    }

    public static string Dump(InstructionSyntax instruction)
    {
        var sb = new StringBuilder();
        AppendInstruction(sb, instruction);
        return sb.ToString();
    }

    private static void AppendInstruction(StringBuilder sb, InstructionSyntax instruction)
    {
        sb.Append(instruction.Command);
        if (instruction.Flags.Length > 0)
        {
            sb.Append(" [");
            for (int i = 0; i < instruction.Flags.Length; i++)
            {
                if (i > 0)
                {
                    sb.Append(' ');
                }

                GoQuote.Append(sb, instruction.Flags[i].Value);
            }

            sb.Append(']');
        }

        if (instruction.Child is not null)
        {
            sb.Append(" (");
            AppendInstruction(sb, instruction.Child);
            sb.Append(')');
            return;
        }

        foreach (var argument in instruction.Arguments)
        {
            sb.Append(' ');
            GoQuote.Append(sb, argument.Value);
        }
    }
}
