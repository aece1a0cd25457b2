using System.Collections.Concurrent;
using Builder.Cache.Context;
using Xunit;

namespace Builder.Cache.Tests.Context;

public sealed class ContextFilterTests : IDisposable
{
    private readonly ContextTree _tree = new();

    public ContextFilterTests()
    {
        _tree.File("Dockerfile", "FROM scratch")
            .File("src/app.c", "app")
            .File("node_modules/left-pad/index.js", "pad")
            .File("node_modules/keep/README.md", "keep me")
            .File("logs/a.log", "log")
            .Dir("node_modules/empty");
    }

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void The_predicate_gets_relative_slash_paths_and_whether_each_is_a_directory()
    {
        var calls = new ConcurrentBag<(string, bool)>();
        _ = _tree.Hasher(new ContextFilter((path, isDir) =>
        {
            calls.Add((path, isDir));
            return false;
        })).Walk().ToList();

        Assert.Contains(("node_modules/left-pad/index.js", false), calls);
        Assert.Contains(("node_modules/left-pad", true), calls);
        Assert.Contains(("Dockerfile", false), calls);
        Assert.DoesNotContain(calls, c => c.Item1.StartsWith('/') || c.Item1.StartsWith("./", StringComparison.Ordinal));
    }

    [Fact]
    public void Excluded_files_are_left_out_and_excluded_directories_are_not_descended()
    {
        var asked = new List<string>();
        var hasher = _tree.Hasher(new ContextFilter((path, isDir) =>
        {
            asked.Add(path);
            return path == "node_modules" || path.EndsWith(".log", StringComparison.Ordinal);
        }));

        var paths = hasher.Walk().Select(e => e.Path).ToList();

        Assert.Equal(["Dockerfile", "logs", "src", "src/app.c"], paths);
        Assert.DoesNotContain(asked, p => p.StartsWith("node_modules/", StringComparison.Ordinal));
        Assert.Equal(2, hasher.Statistics.FilesHashed); // excluded files are never read
    }

    [Fact]
    public void An_excluded_directory_can_be_walked_for_re_included_entries()
    {
        // As ".dockerignore" with "node_modules" then "!node_modules/keep": the directory is excluded,
        // but something below it may come back.
        var filter = new ContextFilter(
            (path, isDir) => path.StartsWith("node_modules", StringComparison.Ordinal) && !path.StartsWith("node_modules/keep", StringComparison.Ordinal),
            dir => dir == "node_modules");

        var paths = _tree.Hasher(filter).Walk().Select(e => e.Path).ToList();

        // The excluded parent is reported (right before its first included descendant), the excluded
        // siblings are not; left-pad is excluded and not descended (not asked to be).
        Assert.Equal(["Dockerfile", "logs", "logs/a.log", "node_modules", "node_modules/keep", "node_modules/keep/README.md", "src", "src/app.c"], paths);
    }

    [Fact]
    public void An_excluded_directory_walked_in_vain_is_not_reported()
    {
        var filter = new ContextFilter((path, _) => path.StartsWith("node_modules", StringComparison.Ordinal), _ => true);

        var paths = _tree.Hasher(filter).Walk().Select(e => e.Path).ToList();

        Assert.Equal(["Dockerfile", "logs", "logs/a.log", "src", "src/app.c"], paths);
    }

    [Fact]
    public void Excluding_everything_yields_nothing()
    {
        Assert.Empty(_tree.Hasher(new ContextFilter((_, _) => true)).Walk());
    }
}
