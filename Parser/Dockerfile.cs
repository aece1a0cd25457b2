using System.Collections.Immutable;
using Builder.Parser.Diagnostics;
using Builder.Parser.Instructions;
using Builder.Parser.Syntax;
using Builder.Parser.Text;

namespace Builder.Parser;

/// <summary>
/// A parsed Dockerfile: the lossless syntax tree, the typed instructions grouped into stages,
/// the ARGs before the first FROM, and every diagnostic found on the way, in source order.
/// </summary>
public sealed class Dockerfile
{
    private Dockerfile(
        DockerfileSyntaxTree syntax,
        ImmutableArray<ArgInstruction> metaArgs,
        ImmutableArray<Stage> stages,
        ImmutableArray<Diagnostic> diagnostics)
    {
        Syntax = syntax;
        MetaArgs = metaArgs;
        Stages = stages;
        Diagnostics = diagnostics;
    }

    public DockerfileSyntaxTree Syntax { get; }

    public SourceText Text => Syntax.Text;

    /// <summary>ARG instructions before the first FROM: usable in FROM lines only.</summary>
    public ImmutableArray<ArgInstruction> MetaArgs { get; }

    public ImmutableArray<Stage> Stages { get; }

    public ImmutableArray<Diagnostic> Diagnostics { get; }

    public bool HasErrors => Diagnostics.Any(d => d.IsError);

    public static Dockerfile Parse(string text, string path = "Dockerfile") => Parse(SourceText.From(text, path));

    public static Dockerfile Parse(SourceText text) => From(DockerfileSyntaxTree.Parse(text));

    public static Dockerfile From(DockerfileSyntaxTree syntax)
    {
        var diagnostics = ImmutableArray.CreateBuilder<Diagnostic>();
        diagnostics.AddRange(syntax.Diagnostics);
        var parser = new InstructionParser(diagnostics);
        var metaArgs = ImmutableArray.CreateBuilder<ArgInstruction>();
        var stages = ImmutableArray.CreateBuilder<Stage>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        FromInstruction? from = null;
        var body = ImmutableArray.CreateBuilder<Instruction>();

        foreach (var node in syntax.Instructions)
        {
            var instruction = parser.Parse(node);
            if (instruction is null)
            {
                continue;
            }

            if (instruction is FromInstruction nextFrom)
            {
                if (from is not null)
                {
                    stages.Add(new Stage(stages.Count, from, body.ToImmutable()));
                    body.Clear();
                }

                from = nextFrom;
                if (nextFrom.StageName is { } name && !names.Add(name.Value.ToLowerInvariant()))
                {
                    diagnostics.Add(Diagnostic.Create(InstructionDiagnostics.DuplicateStageName, name.Span, name.Value));
                }

                continue;
            }

            if (from is null)
            {
                if (instruction is ArgInstruction arg)
                {
                    metaArgs.Add(arg);
                }
                else
                {
                    diagnostics.Add(Diagnostic.Create(InstructionDiagnostics.NoStage, node.Keyword.Span, node.Keyword.Value.ToUpperInvariant()));
                }

                continue;
            }

            body.Add(instruction);
        }

        if (from is not null)
        {
            stages.Add(new Stage(stages.Count, from, body.ToImmutable()));
        }

        var ordered = diagnostics.OrderBy(d => d.Span.Start).ToImmutableArray();
        return new Dockerfile(syntax, metaArgs.ToImmutable(), stages.ToImmutable(), ordered);
    }
}
