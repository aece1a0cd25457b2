using System.Diagnostics;
using Builder.Cache.Layers;
using Builder.Cache.Oci;

namespace Builder.Executor.Steps.Copy;

/// <summary>
/// ADD's local archives: recognised by content (magic bytes, never the name) as a tar, or a
/// gzip-, bzip2-, xz- or zstd-compressed tar, and unpacked with the layer applier's safe
/// extraction (<c>../</c> and symlink escapes are rejected). .NET has no bzip2/xz codec and the
/// registry has no managed one, so those stream through Debian's <c>bzip2 -dc</c> / <c>xz -dc</c>.
/// </summary>
internal static class ArchiveExtractor
{
    public enum Kind
    {
        Tar,
        Gzip,
        Bzip2,
        Xz,
        Zstd,
    }

    /// <summary>The archive kind of <paramref name="path"/>, or null when it is not a (compressed) tar and is copied as a file.</summary>
    public static Kind? Detect(string path)
    {
        var head = new byte[6];
        int n;
        using (var file = File.OpenRead(path))
        {
            n = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }

        Kind kind = n switch
        {
            >= 2 when head[0] == 0x1F && head[1] == 0x8B => Kind.Gzip,
            >= 3 when head[0] == 'B' && head[1] == 'Z' && head[2] == 'h' => Kind.Bzip2,
            >= 6 when head.AsSpan().SequenceEqual(new byte[] { 0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00 }) => Kind.Xz,
            >= 4 when head[0] == 0x28 && head[1] == 0xB5 && head[2] == 0x2F && head[3] == 0xFD => Kind.Zstd,
            _ => Kind.Tar,
        };

        try
        {
            using var tar = Open(path, kind, out var process);
            var header = new byte[512];
            bool isTar = tar.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) == header.Length && IsTarHeader(header);
            Stop(process);
            return isTar ? kind : null;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or InvalidOperationException)
        {
            return null; // not decodable: BuildKit copies such a file as it is
        }
    }

    /// <summary>Unpacks <paramref name="path"/> into <paramref name="target"/> (must not exist).</summary>
    public static async Task ExtractAsync(string path, Kind kind, string target, CancellationToken ct)
    {
        var tar = Open(path, kind, out var process);
        await using (tar.ConfigureAwait(false))
        {
            await LayerApplier.ApplyAsync(tar, LayerCompression.None, target, ApplyOptions.Default, ct).ConfigureAwait(false);
        }

        if (process is not null)
        {
            await process.WaitForExitAsync(ct).ConfigureAwait(false);
            var error = await process.StandardError.ReadToEndAsync(ct).ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                throw new IOException($"{Path.GetFileName(path)}: {process.StartInfo.FileName} failed ({process.ExitCode}): {error.Trim()}");
            }

            process.Dispose();
        }
    }

    private static Stream Open(string path, Kind kind, out Process? process)
    {
        process = null;
        switch (kind)
        {
            case Kind.Tar:
                return File.OpenRead(path);
            case Kind.Gzip:
                return LayerStreams.OpenDecompressed(File.OpenRead(path), LayerCompression.Gzip);
            case Kind.Zstd:
                return LayerStreams.OpenDecompressed(File.OpenRead(path), LayerCompression.Zstd);
            default:
                var tool = kind == Kind.Bzip2 ? "bzip2" : "xz";
                var psi = new ProcessStartInfo(tool, ["-dc", "--", path]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
                try
                {
                    process = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {tool}");
                }
                catch (System.ComponentModel.Win32Exception e)
                {
                    throw new InvalidOperationException($"ADD of a {tool} archive needs the {tool} program (Debian package {(tool == "xz" ? "xz-utils" : tool)}): {e.Message}", e);
                }

                return process.StandardOutput.BaseStream;
        }
    }

    private static void Stop(Process? process)
    {
        if (process is null)
        {
            return;
        }

        try
        {
            process.Kill();
        }
        catch (InvalidOperationException)
        {
            // it had already exited
        }

        process.Dispose();
    }

    /// <summary>A ustar/GNU/v7 header: its checksum field matches the header's bytes.</summary>
    private static bool IsTarHeader(ReadOnlySpan<byte> header)
    {
        var field = System.Text.Encoding.ASCII.GetString(header.Slice(148, 8)).Trim('\0', ' ');
        if (field.Length == 0 || field.Any(c => c is < '0' or > '7'))
        {
            return false;
        }

        long expected = Convert.ToInt64(field, 8);
        long sum = 0;
        for (int i = 0; i < 512; i++)
        {
            sum += i is >= 148 and < 156 ? ' ' : header[i];
        }

        return sum == expected;
    }
}
