using Builder.Runner.Containers;
using Xunit;

namespace Builder.Runner.Tests.Containers;

public sealed class SignalsTests
{
    [Theory]
    [InlineData("SIGTERM", 15)]
    [InlineData("term", 15)]
    [InlineData("KILL", 9)]
    [InlineData("SIGQUIT", 3)]
    [InlineData("10", 10)]
    public void Names_and_numbers(string text, int number) => Assert.Equal(number, Signals.Parse(text));

    [Fact]
    public void Unknown_signal_is_an_error() => Assert.Throws<RunnerException>(() => Signals.Parse("SIGNOPE"));
}
