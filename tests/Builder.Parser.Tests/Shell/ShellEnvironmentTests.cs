using Builder.Parser.Shell;
using Xunit;

namespace Builder.Parser.Tests.Shell;

public sealed class ShellEnvironmentTests
{
    [Fact]
    public void FromPairs_splits_at_the_first_equals_and_later_entries_win()
    {
        var env = ShellEnvironment.FromPairs(["A=1", "B", "A=2", "C=x=y"]);
        Assert.Equal(3, env.Count);
        Assert.True(env.TryGetValue("A", out var a));
        Assert.Equal("2", a);
        Assert.True(env.TryGetValue("B", out var b));
        Assert.Equal(string.Empty, b);
        Assert.True(env.TryGetValue("C", out var c));
        Assert.Equal("x=y", c);
    }

    [Fact]
    public void Names_are_case_sensitive()
    {
        var env = ShellEnvironment.FromPairs(["PWD=/home"]);
        Assert.False(env.TryGetValue("pwd", out var value));
        Assert.Equal(string.Empty, value);
        Assert.Equal("he.", new ShellLexer().ProcessWord("he$pwd.", env).Value);
    }

    [Fact]
    public void FromDictionary_copies_its_input()
    {
        var source = new Dictionary<string, string> { ["A"] = "1" };
        var env = ShellEnvironment.FromDictionary(source);
        source["A"] = "2";
        source["B"] = "3";
        Assert.True(env.TryGetValue("A", out var a));
        Assert.Equal("1", a);
        Assert.False(env.TryGetValue("B", out _));
    }

    [Fact]
    public void Empty_has_nothing()
    {
        Assert.Equal(0, ShellEnvironment.Empty.Count);
        Assert.False(ShellEnvironment.Empty.TryGetValue("PATH", out _));
    }
}
