using Builder.Cache.IO;
using System.Diagnostics;
using Xunit;

namespace Builder.Cache.Tests.Layers;

/// <summary>A blob that cancels a token once a given number of bytes has been read (512 bytes per read at most).</summary>
internal sealed class CancelAfterStream : ReadOnlyStream
{
    private readonly byte[] _data;
    private readonly long _cancelAt;
    private readonly CancellationTokenSource _cts;
    private int _position;

    public CancelAfterStream(byte[] data, long cancelAt, CancellationTokenSource cts)
    {
        _data = data;
        _cancelAt = cancelAt;
        _cts = cts;
    }

    public override long Length => _data.Length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(Span<byte> buffer)
    {
        int n = Math.Min(Math.Min(buffer.Length, 512), _data.Length - _position);
        _data.AsSpan(_position, n).CopyTo(buffer);
        _position += n;
        if (_position >= _cancelAt)
        {
            _cts.Cancel();
        }

        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));
}

/// <summary>A stream of <c>length</c> zero bytes that allocates nothing per read.</summary>
internal sealed class ZeroStream : ReadOnlyStream
{
    private readonly long _length;
    private long _position;

    public ZeroStream(long length) => _length = length;

    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(Span<byte> buffer)
    {
        int n = (int)Math.Min(buffer.Length, _length - _position);
        buffer.Slice(0, n).Clear();
        _position += n;
        return n;
    }
}

/// <summary>Runs GNU tar (always present on Debian) to make layers in its own formats.</summary>
internal static class GnuTar
{
    public static void Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("tar") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"tar {string.Join(' ', arguments)} exited {process.ExitCode}: {stderr}");
    }
}
