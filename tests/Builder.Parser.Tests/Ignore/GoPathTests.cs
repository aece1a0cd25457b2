using Builder.Parser.Ignore;
using Xunit;

namespace Builder.Parser.Tests.Ignore;

public sealed class GoPathTests
{
    [Theory]
    [InlineData("", ".")]
    [InlineData("abc", "abc")]
    [InlineData("a/b/c", "a/b/c")]
    [InlineData(".", ".")]
    [InlineData("..", "..")]
    [InlineData("../..", "../..")]
    [InlineData("../../abc", "../../abc")]
    [InlineData("/abc", "/abc")]
    [InlineData("/", "/")]
    [InlineData("abc/", "abc")]
    [InlineData("./", ".")]
    [InlineData("../", "..")]
    [InlineData("/abc/", "/abc")]
    [InlineData("abc//def//ghi", "abc/def/ghi")]
    [InlineData("//abc", "/abc")]
    [InlineData("///abc//", "/abc")]
    [InlineData("abc/./def", "abc/def")]
    [InlineData("/./abc/def", "/abc/def")]
    [InlineData("abc/.", "abc")]
    [InlineData("abc/def/ghi/../jkl", "abc/def/jkl")]
    [InlineData("abc/def/../ghi/../jkl", "abc/jkl")]
    [InlineData("abc/def/../..", ".")]
    [InlineData("/abc/def/../..", "/")]
    [InlineData("abc/def/../../..", "..")]
    [InlineData("/abc/def/../../..", "/")]
    [InlineData("abc/def/../../../ghi/jkl/../../../mno", "../../mno")]
    [InlineData("abc/../../././../def", "../../def")]
    [InlineData("/..", "/")]
    [InlineData("!/", "!")]
    [InlineData("!./a", "!./a")] // "!." is an ordinary element
    [InlineData("..a/b/..", "..a")]
    public void Clean_follows_Go(string path, string expected)
    {
        Assert.Equal(expected, GoPath.Clean(path));
        Assert.Equal(expected, GoPath.Clean(expected));
        Assert.True(GoPath.IsClean(expected.AsSpan()));
        Assert.Equal(path == expected, GoPath.IsClean(path.AsSpan()));
    }

    [Theory]
    [InlineData("", ".")]
    [InlineData("abc", ".")]
    [InlineData("/", "/")]
    [InlineData("////", "/")]
    [InlineData("/foo", "/")]
    [InlineData("x/", "x")]
    [InlineData("abc/def", "abc")]
    [InlineData("a/b/.x", "a/b")]
    [InlineData("a//b/../c/d", "a/c")]
    public void Dir_follows_Go(string path, string expected) =>
        Assert.Equal(expected, GoPath.Dir(path).ToString());

    [Theory]
    [InlineData(" \t a \u00A0\u3000", "a")]
    [InlineData("\u0085x\u2028", "x")]
    [InlineData("\uFEFFx", "\uFEFFx")] // a BOM is not white space
    [InlineData("\u200Bx", "\u200Bx")] // nor is a zero-width space
    public void TrimSpace_uses_Unicode_white_space(string input, string expected) =>
        Assert.Equal(expected, GoPath.TrimSpace(input));
}
