namespace Builder.Runner.Tests;

/// <summary>
/// Collects a container's output and cancels once <paramref name="line"/> (with its line ending:
/// <c>\r\n</c> through a terminal) has been printed, so a signal arrives after the trap the
/// container set before printing it.
/// </summary>
internal sealed class CancellingWriter(string line, CancellationTokenSource cts) : StringWriter
{
    public override Task WriteAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        if (ToString().Contains(line, StringComparison.Ordinal))
        {
            cts.Cancel();
        }

        return Task.CompletedTask;
    }
}
