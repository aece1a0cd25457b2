namespace Builder.Cache;

/// <summary>
/// A store operation that cannot complete: missing or corrupted content, a full disk. The message
/// names the object and says what to do; the store is left as it was.
/// </summary>
public sealed class StoreException : Exception
{
    public StoreException(string message)
        : base(message)
    {
    }

    public StoreException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
