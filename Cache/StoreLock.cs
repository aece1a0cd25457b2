namespace Builder.Cache;

/// <summary>
/// An exclusive lock on one part of a store, held across processes: an advisory <c>flock</c> on
/// <c>locks/NAME.lock</c> (.NET takes it for <see cref="FileShare.None"/>). The kernel releases it
/// when the holder exits, so a crashed process never leaves the store locked.
/// </summary>
public sealed class StoreLock : IDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    private readonly FileStream _file;

    private StoreLock(FileStream file) => _file = file;

    public static StoreLock Acquire(StoreRoot root, string name, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(root.Locks);
        var path = Path.Combine(root.Locks, name + ".lock");
        var deadline = DateTime.UtcNow + timeout;
        int delay = 5;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return new StoreLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException e) when (DateTime.UtcNow < deadline && e is not FileNotFoundException and not DirectoryNotFoundException)
            {
                Thread.Sleep(delay);
                delay = Math.Min(delay * 2, 100);
            }
            catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
            {
                throw new StoreException(
                    $"the store at {root.Path} is busy: another builder process has held {path} for more than {timeout.TotalSeconds:0.#}s; " +
                    "wait for it to finish and run the command again (the lock is released as soon as that process exits).",
                    e);
            }
        }
    }

    public void Dispose() => _file.Dispose();
}
