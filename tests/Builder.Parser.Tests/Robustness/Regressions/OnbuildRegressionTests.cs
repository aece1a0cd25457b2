using Builder.Parser.Diagnostics;
using Builder.Parser.Printing;
using Builder.Parser.Syntax;
using Builder.Parser.Syntax.Internal;
using Xunit;

namespace Builder.Parser.Tests.Robustness.Regressions;

/// <summary>
/// Found by the fuzzer: <c>ONBUILD ONBUILD ...</c> nested one level per word and overflowed the
/// stack on a long line.
/// </summary>
public sealed class OnbuildRegressionTests
{
    [Fact]
    public void Long_onbuild_chain_is_cut_at_the_nesting_limit()
    {
        string text = "FROM a\n" + TestText.Repeat("ONBUILD ", 50_000) + "RUN x\n";

        var file = Dockerfile.Parse(text);

        var top = file.Syntax.Instructions[1];
        int depth = 1;
        var innermost = top;
        while (innermost.Child is { } child)
        {
            innermost = child;
            depth++;
        }

        Assert.Equal(ArgumentParsers.MaxOnbuildNesting, depth);
        Assert.Equal(ArgumentForm.String, innermost.Form);
        Assert.EndsWith("ONBUILD RUN x", innermost.Arguments[0].Value, StringComparison.Ordinal);
        Assert.Contains(file.Diagnostics, d => d.Descriptor == InstructionDiagnostics.InvalidOnbuildTrigger);
        Assert.NotEmpty(file.Syntax.Dump());
        Assert.NotEmpty(SyntaxTreePrinter.Print(file.Syntax));
        Assert.NotEmpty(SyntaxJson.Write(file.Syntax, file.Diagnostics));
    }

    [Fact]
    public void Short_onbuild_chains_still_nest_as_in_buildkit()
    {
        var tree = DockerfileSyntaxTree.Parse("ONBUILD ONBUILD RUN x\n");

        Assert.Equal("(onbuild (onbuild (run \"x\")))", tree.Dump());
    }
}
