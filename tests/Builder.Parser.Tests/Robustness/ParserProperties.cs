using System.Diagnostics;
using System.Text.Json;
using Builder.Parser.Diagnostics;
using Builder.Parser.Instructions;
using Builder.Parser.Printing;
using Builder.Parser.Shell;
using Builder.Parser.Syntax;
using Builder.Parser.Text;

namespace Builder.Parser.Tests.Robustness;

/// <summary>
/// What must hold for any input, however broken: nothing throws, the tree gives back the input
/// exactly, every span (diagnostics, tokens of both layers) lies inside the text, the printers
/// and the shell lexer accept whatever the parser produced. A violation throws
/// <see cref="PropertyViolationException"/>; a parser bug usually throws something else first.
/// </summary>
internal static class ParserProperties
{
    private static readonly ShellEnvironment Env = ShellEnvironment.FromPairs(["A=a b", "EMPTY=", "PATH=/usr/bin:/bin", "HOME=/root", "x=1"]);

    /// <summary>Checks every property; returns how long the two parses took (the hang guard's measure).</summary>
    public static TimeSpan Check(byte[] bytes)
    {
        var text = SourceText.From(bytes, "fuzz/Dockerfile");
        if (!text.ToBytes().AsSpan().SequenceEqual(bytes))
        {
            throw new PropertyViolationException("bytes round-trip", "SourceText.From(bytes).ToBytes() differs from the input");
        }

        var parseTime = Stopwatch.StartNew();
        var tree = DockerfileSyntaxTree.Parse(text);
        var file = Dockerfile.Parse(text);
        parseTime.Stop();
        if (tree.ToFullString() != text.Text)
        {
            throw new PropertyViolationException("lossless", "ToFullString() differs from the input text");
        }

        CheckTiling(tree);
        CheckDiagnostics(text, tree.Diagnostics, "syntax");
        CheckDiagnostics(text, file.Diagnostics, "typed");
        CheckNodeSpans(tree);
        CheckTypedSpans(file);
        CheckPrinters(tree, file);
        CheckDirectives(text.Text);
        CheckShellWords(tree);
        return parseTime.Elapsed;
    }

    /// <summary>
    /// Parses again and returns the parse's CPU time where the platform gives it (Linux), else its
    /// wall-clock time: what the hang guard confirms a slow input with.
    /// </summary>
    public static TimeSpan TimeParse(byte[] bytes)
    {
        var text = SourceText.From(bytes, "fuzz/Dockerfile");
        var cpu = ThreadCpuTime.Now();
        var wall = Stopwatch.StartNew();
        DockerfileSyntaxTree.Parse(text);
        Dockerfile.Parse(text);
        return ThreadCpuTime.Now() - cpu ?? wall.Elapsed;
    }

    private static void CheckTiling(DockerfileSyntaxTree tree)
    {
        int at = 0;
        foreach (var node in tree.Nodes)
        {
            if (node.FullSpan.Start != at || node.FullSpan.Length < 0)
            {
                throw new PropertyViolationException("tiling", $"{node.GetType().Name} {node.FullSpan} does not start at {at}");
            }

            at = node.FullSpan.End;
        }

        if (at != tree.Text.Length)
        {
            throw new PropertyViolationException("tiling", $"the nodes end at {at}, the text at {tree.Text.Length}");
        }
    }

    private static void CheckDiagnostics(SourceText text, IEnumerable<Diagnostic> diagnostics, string layer)
    {
        foreach (var d in diagnostics)
        {
            if (!Within(d.Span, new TextSpan(0, text.Length)))
            {
                throw new PropertyViolationException("diagnostic span", $"{layer} {d.Id} \"{d.Message}\" at {d.Span} is outside [0..{text.Length})");
            }

            text.GetLinePositionSpan(d.Span);
            DiagnosticFormatter.Format(d, text);
        }
    }

    // Every span under a top-level node lies inside that node, and so inside the text.
    private static void CheckNodeSpans(DockerfileSyntaxTree tree)
    {
        for (int i = 0; i < tree.Nodes.Length; i++)
        {
            var node = tree.Nodes[i];
            tree.GetLineRange(node);
            var bounds = node.FullSpan;
            SpanWalker.Check(node, $"Nodes[{i}]", "token span", span => Within(span, bounds));
        }
    }

    private static void CheckTypedSpans(Dockerfile file)
    {
        foreach (var arg in file.MetaArgs)
        {
            WalkInstruction(arg, "MetaArgs");
        }

        foreach (var stage in file.Stages)
        {
            _ = stage.Name;
            WalkInstruction(stage.From, $"Stages[{stage.Index}].From");
            foreach (var instruction in stage.Instructions)
            {
                WalkInstruction(instruction, $"Stages[{stage.Index}].{instruction.Name}");
            }
        }
    }

    private static void WalkInstruction(Builder.Parser.Instructions.Instruction instruction, string path)
    {
        var bounds = instruction.Syntax.FullSpan;
        SpanWalker.Check(instruction, path, "typed token span", span => Within(span, bounds));
    }

    private static void CheckPrinters(DockerfileSyntaxTree tree, Dockerfile file)
    {
        tree.Dump();
        SyntaxTreePrinter.Print(tree);
        var json = SyntaxJson.Write(tree, file.Diagnostics);
        try
        {
            using var _ = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new PropertyViolationException("json printer", "SyntaxJson.Write produced invalid JSON: " + e.Message);
        }

        foreach (var name in new[] { "syntax", "escape", "check" })
        {
            tree.GetDirective(name);
        }
    }

    private static void CheckDirectives(string text)
    {
        DirectiveReader.ParseAll(text, out _);
        DirectiveReader.DetectSyntax(text);
        DirectiveReader.Find("check", text);
    }

    private static void CheckShellWords(DockerfileSyntaxTree tree)
    {
        var lexers = new[]
        {
            new ShellLexer(tree.EscapeToken),
            new ShellLexer(tree.EscapeToken) { RawQuotes = true, RawEscapes = true, SkipUnsetEnv = true },
        };
        foreach (var instruction in tree.Instructions)
        {
            for (var node = instruction; node is not null; node = node.Child)
            {
                foreach (var flag in node.Flags)
                {
                    int eq = flag.Value.IndexOf('=');
                    GoDuration.TryParse(eq < 0 ? flag.Value : flag.Value.Substring(eq + 1), out _);
                }

                foreach (var word in Words(node))
                {
                    foreach (var lexer in lexers)
                    {
                        ShellOffset(word, lexer.ProcessWord(word, Env).Error);
                        ShellOffset(word, lexer.ProcessWords(word, Env).Error);
                    }
                }
            }
        }
    }

    private static IEnumerable<string> Words(InstructionSyntax node)
    {
        foreach (var t in node.Arguments)
        {
            yield return t.Value;
        }

        foreach (var t in node.Flags)
        {
            yield return t.Value;
        }

        foreach (var kv in node.KeyValues)
        {
            yield return kv.Key.Value;
            yield return kv.Value.Value;
        }

        foreach (var h in node.Heredocs)
        {
            yield return h.Content;
        }
    }

    private static void ShellOffset(string word, ShellError? error)
    {
        if (error is not null && (error.Offset < 0 || error.Offset > word.Length))
        {
            throw new PropertyViolationException("shell error offset", $"offset {error.Offset} outside a word of {word.Length} chars ({error.Message})");
        }
    }

    private static bool Within(TextSpan span, TextSpan bounds) =>
        span.Length >= 0 && span.Start >= bounds.Start && span.End <= bounds.End;
}
