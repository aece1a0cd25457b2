using Builder.Parser.Lint;
using Builder.Parser.Text;
using Builder.TestKit;
using Xunit;

namespace Builder.Parser.Tests.Lint;

/// <summary>
/// The linter runs inside the compiler: on any input (BuildKit's parser test files, and every
/// prefix of them, which cuts heredocs, quotes and continuations short) it must return findings
/// whose spans lie inside the text, never throw.
/// </summary>
public sealed class LintRobustnessTests
{
    public static TheoryData<string> Files() => new(
        new[] { "parser", "parser-negative" }
            .SelectMany(set => Directory.GetDirectories(RepoPaths.ConformancePath(set)).Select(d => Path.Combine(set, Path.GetFileName(d))))
            .OrderBy(x => x, StringComparer.Ordinal));

    private static readonly LintOptions Everything = LintOptions.Create(enable: ["all"]);

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_prefix_lints_without_throwing_and_spans_stay_in_the_text(string name)
    {
        var text = SourceText.From(File.ReadAllBytes(RepoPaths.ConformancePath(name, "Dockerfile"))).Text;
        int step = Math.Max(1, text.Length / 200);
        for (int length = 0; length <= text.Length; length += step)
        {
            var source = SourceText.From(text.Substring(0, length));
            var result = Linter.Lint(source, Everything);
            Assert.All(result.All, d =>
            {
                Assert.InRange(d.Span.Start, 0, source.Length);
                Assert.InRange(d.Span.End, d.Span.Start, source.Length);
            });
        }
    }

    [Theory]
    [InlineData("FROM\n")]
    [InlineData("FROM a\nRUN <<EOF\nsudo x | y\n")]
    [InlineData("FROM a\nRUN echo \"unterminated $(x ( | \\\n")]
    [InlineData("FROM a\nCOPY --from= a b\nEXPOSE\nWORKDIR\nUSER\n")]
    [InlineData("ARG A=${\nFROM ${A:?x} AS ${B\nENV X=${\n")]
    [InlineData("# check=skip=;error=;experimental=\nFROM a AS 1\nONBUILD RUN sudo x\n")]
    [InlineData("FROM a\nRUN apt-get install >\nRUN 2>&1 | apk add\nRUN pip\nRUN set\nRUN python3 -m pip\n")]
    public void Odd_inputs_lint_without_throwing(string dockerfile)
    {
        var source = SourceText.From(dockerfile);
        var result = Linter.Lint(source, Everything);
        Assert.All(result.All, d => Assert.InRange(d.Span.End, d.Span.Start, source.Length));
    }
}
