using Builder.Cache.Layers;
using Xunit;

namespace Builder.Cache.Tests.Layers;

public sealed class SafePathTests
{
    [Theory]
    [InlineData("a", "a")]
    [InlineData("/a/b", "a/b")]
    [InlineData("./a/./b/", "a/b")]
    [InlineData("//a//b", "a/b")]
    [InlineData("a/b/../c", "a/c")]
    [InlineData("./", "")]
    [InlineData("/", "")]
    [InlineData("a/..", "")]
    [InlineData("a\\..\\b", "a\\..\\b")] // a backslash is an ordinary byte on Linux
    public void Normalizes_names_to_root_relative_paths(string name, string expected)
    {
        Assert.True(SafePath.TryNormalize(name, out var path, out var problem), problem);
        Assert.Equal(expected, path.Value);
    }

    [Theory]
    [InlineData("..", "climbs out")]
    [InlineData("../x", "climbs out")]
    [InlineData("/../x", "climbs out")]
    [InlineData("a/../../x", "climbs out")]
    [InlineData("a\0b", "NUL")]
    [InlineData("", "empty")]
    public void Rejects_names_that_escape_or_cannot_be_names(string name, string problem)
    {
        Assert.False(SafePath.TryNormalize(name, out _, out var actual));
        Assert.Contains(problem, actual);
    }

    [Theory]
    [InlineData("a", "/etc", true)]
    [InlineData("a", "..", true)]
    [InlineData("d/a", "..", false)]
    [InlineData("d/a", "../..", true)]
    [InlineData("d/a", "../x/../../y", true)]
    [InlineData("lib", "usr/lib", false)]
    [InlineData("d/a", "./b/../c", false)]
    public void Tells_whether_a_symlink_points_outside(string link, string target, bool outside)
    {
        Assert.True(SafePath.TryNormalize(link, out var path, out _));
        Assert.Equal(outside, SafePath.PointsOutside(path, target));
    }

    [Fact]
    public void Layer_paths_know_their_parent_name_and_ancestors()
    {
        Assert.True(SafePath.TryNormalize("a/b/c", out var path, out _));
        Assert.Equal("c", path.Name);
        Assert.Equal("a/b", path.Parent.Value);
        Assert.Equal(new[] { "a", "a/b" }, path.Ancestors().Select(p => p.Value));
        Assert.Equal("/r/a/b/c", path.Under("/r"));
        Assert.True(path.Parent.Parent.Parent.IsRoot);
        Assert.Equal("/r", LayerPath.Root.Under("/r"));
    }
}
