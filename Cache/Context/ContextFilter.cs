namespace Builder.Cache.Context;

/// <summary>
/// Which context paths a walk leaves out, typically from <c>.dockerignore</c> (the matcher lives in
/// Builder.Parser, which Cache must not reference, so it comes in as delegates).
/// </summary>
/// <param name="Excludes">
/// Called with each path (relative, <c>/</c>-separated) and whether it is a directory; true leaves
/// the entry out. An excluded directory is not descended into, unless <paramref name="DescendIntoExcluded"/>
/// says otherwise.
/// </param>
/// <param name="DescendIntoExcluded">
/// Called for an excluded directory: true walks it anyway because something below it may be
/// included again (a <c>!pattern</c>). Such a directory is reported only when something below it
/// is included, right before the first such entry, as BuildKit includes the parents of included
/// files. Null: excluded directories are never descended into.
/// </param>
public sealed record ContextFilter(Func<string, bool, bool> Excludes, Func<string, bool>? DescendIntoExcluded = null)
{
    /// <summary>Everything is included.</summary>
    public static ContextFilter None { get; } = new((_, _) => false);
}
