using System.Collections.Immutable;
using Builder.Cache;
using Builder.Cache.Context;
using Builder.Parser.Ignore;

namespace Builder.Executor.Context;

/// <summary>
/// The build context read in place: one walk with the <c>.dockerignore</c> patterns applied (the
/// store's stat memo skips unchanged files), kept for the whole build so that planning (digests)
/// and execution (copies) see the same entries.
/// </summary>
public sealed class BuildContext
{
    private readonly Lazy<ContextSnapshot> _snapshot;

    public BuildContext(string directory, ImmutableArray<string> ignorePatterns, StoreRoot? store)
    {
        Directory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        IgnorePatterns = ignorePatterns;
        var filter = ContextFilter.None;
        if (!ignorePatterns.IsEmpty)
        {
            var result = PatternMatcher.Create(ignorePatterns);
            if (result.Succeeded)
            {
                var matcher = result.Matcher;
                filter = new ContextFilter(
                    (path, _) => matcher.MatchesOrParentMatches(path).IsMatch,
                    matcher.HasExclusions ? _ => true : null);
            }
        }

        var hasher = new ContextHasher(Directory, new ContextHasherOptions { Filter = filter, Store = store });
        _snapshot = new Lazy<ContextSnapshot>(() => hasher.Snapshot());
    }

    /// <summary>The context root, absolute.</summary>
    public string Directory { get; }

    public ImmutableArray<string> IgnorePatterns { get; }

    public ContextSnapshot Snapshot => _snapshot.Value;

    /// <summary>The full path of an entry.</summary>
    public string FullPath(ContextEntry entry) => Path.Combine(Directory, entry.Path);

    /// <summary>
    /// What one COPY source names: the entries it matches (a path, <c>.</c>, or a glob over
    /// whole path segments), each with its subtree. Empty when nothing matches.
    /// </summary>
    public ImmutableArray<ContextMatch> Resolve(string source)
    {
        var snapshot = Snapshot;
        if (source is "." or "")
        {
            return [new ContextMatch(null, snapshot.Entries)];
        }

        if (!Glob.HasMeta(source))
        {
            return snapshot.Find(source) is { } entry ? [Match(snapshot, entry)] : [];
        }

        var glob = Glob.Compile(source);
        return snapshot.Entries.Where(e => glob.IsMatch(e.Path)).Select(e => Match(snapshot, e)).ToImmutableArray();
    }

    private static ContextMatch Match(ContextSnapshot snapshot, ContextEntry entry) =>
        new(entry, entry.IsDirectory ? snapshot.Subtree(entry.Path).Where(e => e.Path != entry.Path).ToImmutableArray() : []);
}

/// <summary>One matched entry (null: the context root) and the entries below it.</summary>
public sealed record ContextMatch(ContextEntry? Root, ImmutableArray<ContextEntry> Below)
{
    public bool IsDirectory => Root is null || Root.IsDirectory;
}
