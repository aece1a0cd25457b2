using Builder.Runner.Launch;
using Builder.TestKit;
using Xunit;

namespace Builder.Runner.Tests.Launch;

/// <summary><c>run -t</c>: the container's stdio is a pty of its own, made in its /dev/pts, its controlling terminal; output comes with the pty's CRLF.</summary>
public sealed class TerminalTests(RunnerStore fixture) : IClassFixture<RunnerStore>
{
    [SandboxFact]
    public async Task Tty_gives_the_container_a_terminal_of_its_own()
    {
        var (outcome, stdout, stderr) = await fixture.RunAsync(new RunOptions(BusyboxImage.Reference)
        {
            Remove = true,
            Tty = true,
            User = "nobody",
            Command = ["sh", "-c", "test -t 0 && test -t 1 && test -t 2 && echo tty; tty; echo controlling > /dev/tty; stat -c %U $(tty); echo err >&2; exit 3"],
        });
        Assert.Equal(3, outcome.ExitCode);
        Assert.Equal("tty\r\n/dev/pts/0\r\ncontrolling\r\nnobody\r\nerr\r\n", stdout);
        Assert.Equal("", stderr); // a terminal has one output: stderr comes through it too
        fixture.AssertNothingLeft();
    }

    [SandboxFact]
    public async Task Without_tty_there_is_no_terminal()
    {
        var (outcome, stdout, _) = await fixture.RunAsync(new RunOptions(BusyboxImage.Reference) { Remove = true, Command = ["sh", "-c", "test -t 1 || echo none"] });
        Assert.Equal((0, "none\n"), (outcome.ExitCode, stdout));
    }

    [SandboxFact]
    public async Task Interactive_tty_reads_stdin_through_the_terminal_which_echoes_it()
    {
        var stdout = new StringWriter();
        var outcome = await new ContainerRunner(fixture.Store).RunAsync(
            new RunOptions(BusyboxImage.Reference) { Remove = true, Interactive = true, Tty = true, Command = ["sh", "-c", "read line; echo \"got $line\"; cat"] },
            new RunStreams(stdout, TextWriter.Null, new MemoryStream("hello\nrest\n"u8.ToArray())),
            CancellationToken.None);

        // cat ends at the pty's end-of-file character, sent when stdin ended.
        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal("hello\r\nrest\r\ngot hello\r\nrest\r\n", stdout.ToString());
        fixture.AssertNothingLeft();
    }

    [SandboxFact]
    public async Task Cancelling_a_tty_container_forwards_sigterm()
    {
        using var cts = new CancellationTokenSource();
        var stdout = new CancellingWriter("ready\r\n", cts);
        var outcome = await new ContainerRunner(fixture.Store).RunAsync(
            new RunOptions(BusyboxImage.Reference) { Remove = true, Tty = true, Command = ["sh", "-c", "trap 'echo got TERM; exit 5' TERM; echo ready; while true; do sleep 0.1; done"] },
            new RunStreams(stdout, TextWriter.Null),
            cts.Token);
        Assert.Equal(5, outcome.ExitCode);
        Assert.Equal("ready\r\ngot TERM\r\n", stdout.ToString());
        fixture.AssertNothingLeft();
    }
}
