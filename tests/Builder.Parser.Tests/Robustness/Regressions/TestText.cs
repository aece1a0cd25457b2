namespace Builder.Parser.Tests.Robustness.Regressions;

internal static class TestText
{
    public static string Repeat(string unit, int count) => string.Concat(Enumerable.Repeat(unit, count));
}
