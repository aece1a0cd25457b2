using System.Collections.Immutable;
using Builder.Parser.Diagnostics;
using Builder.Parser.Shell;
using Builder.Parser.Syntax;
using Builder.Parser.Text;

namespace Builder.Parser.Lint;

/// <summary>
/// What the checks share during one run: the file, the effective <c># check=</c> configuration,
/// the comment block before each instruction (per-instruction <c># check=</c> and definition
/// descriptions) and the findings so far.
/// </summary>
internal sealed class LintContext
{
    private readonly ImmutableArray<InstructionSyntax> _instructions;
    private readonly CheckConfig?[] _local;
    private readonly ImmutableArray<CommentSyntax>[] _comments;
    private readonly ImmutableArray<Diagnostic>.Builder _findings = ImmutableArray.CreateBuilder<Diagnostic>();

    public LintContext(Dockerfile file, LintOptions options, CheckConfig config)
    {
        File = file;
        Options = options;
        Config = config;
        Lexer = new ShellLexer(file.Syntax.EscapeToken);
        _instructions = file.Syntax.Instructions;
        _local = new CheckConfig?[_instructions.Length];
        _comments = new ImmutableArray<CommentSyntax>[_instructions.Length];
        CollectComments();
    }

    public Dockerfile File { get; }

    public SourceText Text => File.Text;

    public LintOptions Options { get; }

    public CheckConfig Config { get; }

    public ShellLexer Lexer { get; }

    public ImmutableArray<Diagnostic> Findings => _findings.ToImmutable();

    /// <summary>Whether the rule runs at all (per-instruction skips are applied when reporting).</summary>
    public bool IsEnabled(LintRule rule)
    {
        if (rule.Experimental)
        {
            return Config.EnablesExperimental(rule) || Options.Enables(rule);
        }

        return !Config.Skips(rule) && (rule.EnabledByDefault || Options.Enables(rule));
    }

    /// <summary>The comment lines directly above a top-level instruction (no blank line between).</summary>
    public ImmutableArray<CommentSyntax> CommentsBefore(InstructionSyntax instruction)
    {
        int index = IndexOf(instruction.FullSpan.Start);
        return index >= 0 && _instructions[index].FullSpan.Start == instruction.FullSpan.Start
            ? _comments[index]
            : ImmutableArray<CommentSyntax>.Empty;
    }

    public void Report(LintRule rule, TextSpan span, params object?[] args)
    {
        if (!IsEnabled(rule))
        {
            return;
        }

        int index = IndexOf(span.Start);
        if (index >= 0 && _local[index] is { } local && local.Skips(rule) && !(rule.Experimental && local.EnablesExperimental(rule)))
        {
            return;
        }

        var finding = Diagnostic.Create(rule.Descriptor, span, args);
        _findings.Add(Config.Error ? finding.WithSeverity(DiagnosticSeverity.Error) : finding);
    }

    // The last instruction starting at or before the offset, if its full span holds it.
    private int IndexOf(int offset)
    {
        int lo = 0;
        int hi = _instructions.Length - 1;
        int found = -1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_instructions[mid].FullSpan.Start <= offset)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return found >= 0 && offset < _instructions[found].FullSpan.End ? found : -1;
    }

    private void CollectComments()
    {
        var pending = ImmutableArray.CreateBuilder<CommentSyntax>();
        int index = 0;
        foreach (var node in File.Syntax.Nodes)
        {
            switch (node)
            {
                case CommentSyntax comment:
                    pending.Add(comment);
                    break;
                case InstructionSyntax:
                    _comments[index] = pending.ToImmutable();
                    foreach (var comment in pending)
                    {
                        if (comment.Text.StartsWith("check=", StringComparison.Ordinal))
                        {
                            _local[index] = CheckConfig.Parse(comment.Text.Substring("check=".Length));
                        }
                    }

                    pending.Clear();
                    index++;
                    break;
                default:
                    pending.Clear();
                    break;
            }
        }
    }
}
