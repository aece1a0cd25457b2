using System.ComponentModel;
using System.Diagnostics;

namespace Builder.Cache.Images.Import;

/// <summary>
/// Stopgap until the managed layer writer lands in Cache/Layers: GNU tar with the flags that make its
/// output reproducible (names sorted, numeric owners, mtimes 0, PAX without atime/ctime or PIDs in
/// header names). Replace with the managed writer behind <see cref="IRootfsTarWriter"/>.
/// </summary>
public sealed class GnuTarRootfsWriter : IRootfsTarWriter
{
    public async Task WriteAsync(string directory, Stream destination, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("tar")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "--sort=name", "--numeric-owner", "--mtime=@0", "--format=posix",
            "--pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime",
            "-C", directory, "-c", ".",
        })
        {
            start.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new StoreException("could not start tar.");
        }
        catch (Win32Exception e)
        {
            throw new StoreException($"importing a directory needs GNU tar, which was not found ({e.Message}); install the Debian package tar.", e);
        }

        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            try
            {
                await process.StandardOutput.BaseStream.CopyToAsync(destination, 1 << 16, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                process.Kill();
                throw;
            }

            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                throw new StoreException($"tar could not archive {directory} (exit {process.ExitCode}): {(await stderr.ConfigureAwait(false)).Trim()}");
            }
        }
    }
}
