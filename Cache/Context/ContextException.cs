namespace Builder.Cache.Context;

/// <summary>
/// The build context cannot be read: a missing or unreadable path, or a file that kept changing
/// while it was hashed. The message names the path and says what to do.
/// </summary>
public sealed class ContextException : Exception
{
    public ContextException(string path, string message)
        : base(message)
    {
        ContextPath = path;
    }

    public ContextException(string path, string message, Exception inner)
        : base(message, inner)
    {
        ContextPath = path;
    }

    /// <summary>The path the problem is about, relative to the context root where there is one.</summary>
    public string ContextPath { get; }
}
