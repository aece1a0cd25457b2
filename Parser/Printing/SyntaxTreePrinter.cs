using System.Text;
using Builder.Parser.Syntax;
using Builder.Parser.Text;

namespace Builder.Parser.Printing;

/// <summary>
/// The human-readable tree (<c>builder parse --format tree</c>): one line per node with its
/// position, so a user can see how each line was read.
/// </summary>
public static class SyntaxTreePrinter
{
    public static string Print(DockerfileSyntaxTree tree)
    {
        var sb = new StringBuilder();
        sb.Append(tree.Text.Path).Append(": ").Append(tree.Instructions.Length).Append(" instructions, escape ")
          .Append(tree.EscapeToken).Append('\n');
        foreach (var node in tree.Nodes)
        {
            switch (node)
            {
                case ByteOrderMarkSyntax:
                    Line(sb, tree.Text, node.FullSpan, 0).Append("byte-order mark\n");
                    break;
                case DirectiveSyntax d:
                    Line(sb, tree.Text, d.FullSpan, 0).Append("directive ").Append(d.Name).Append(" = ");
                    GoQuote.Append(sb, d.Value.Value);
                    sb.Append('\n');
                    break;
                case CommentSyntax c:
                    Line(sb, tree.Text, c.Span, 0).Append("comment ");
                    GoQuote.Append(sb, c.Text);
                    sb.Append('\n');
                    break;
                case InstructionSyntax i:
                    Instruction(sb, tree.Text, i, 0);
                    break;
            }
        }

        return sb.ToString();
    }

    private static void Instruction(StringBuilder sb, SourceText text, InstructionSyntax instruction, int depth)
    {
        Line(sb, text, instruction.Span, depth).Append(instruction.Command.ToUpperInvariant());
        sb.Append(" (").Append(SyntaxJson.FormName(instruction.Form)).Append(")\n");
        foreach (var flag in instruction.Flags)
        {
            Line(sb, text, flag.Span, depth + 1).Append("flag ");
            GoQuote.Append(sb, flag.Value);
            sb.Append('\n');
        }

        if (instruction.Child is not null)
        {
            Instruction(sb, text, instruction.Child, depth + 1);
        }
        else if (!instruction.KeyValues.IsEmpty)
        {
            foreach (var kv in instruction.KeyValues)
            {
                Line(sb, text, kv.Key.Span, depth + 1).Append("pair ");
                GoQuote.Append(sb, kv.Key.Value);
                sb.Append(kv.HasEquals ? " = " : " ");
                GoQuote.Append(sb, kv.Value.Value);
                sb.Append('\n');
            }
        }
        else
        {
            foreach (var arg in instruction.Arguments)
            {
                Line(sb, text, arg.Span, depth + 1).Append("arg ");
                GoQuote.Append(sb, arg.Value);
                sb.Append('\n');
            }
        }

        foreach (var h in instruction.Heredocs)
        {
            Line(sb, text, h.Word.Span, depth + 1).Append("heredoc ").Append(h.Name)
                .Append(h.Expand ? " expand" : " literal").Append(h.Chomp ? " chomp" : string.Empty);
            if (h.FileDescriptor != 0)
            {
                sb.Append(" fd=").Append(h.FileDescriptor);
            }

            sb.Append(' ');
            GoQuote.Append(sb, h.Content);
            sb.Append('\n');
        }
    }

    private static StringBuilder Line(StringBuilder sb, SourceText text, TextSpan span, int depth)
    {
        var position = text.GetLinePosition(span.Start).ToString();
        sb.Append(position).Append(' ', Math.Max(1, 8 - position.Length)).Append(' ', depth * 2);
        return sb;
    }
}
