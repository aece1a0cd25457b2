using System.Collections.Immutable;

namespace Builder.Executor.Run;

/// <summary>
/// A RUN whose process exited non-zero: BuildKit's message (<c>process "…" did not complete
/// successfully: exit code: N</c>) and the last lines it printed, for the located error.
/// </summary>
internal sealed class RunFailedException(string command, int exitCode, ImmutableArray<string> lastLines)
    : Exception($"process \"{command}\" did not complete successfully: exit code: {exitCode}")
{
    public int ExitCode { get; } = exitCode;

    public ImmutableArray<string> LastLines { get; } = lastLines;
}
