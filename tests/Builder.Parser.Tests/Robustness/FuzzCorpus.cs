using Builder.TestKit;

namespace Builder.Parser.Tests.Robustness;

/// <summary>One seed of the mutation corpus: where it came from and its raw bytes.</summary>
internal sealed record FuzzSeed(string Name, byte[] Bytes);

/// <summary>
/// The seeds the fuzzer mutates: every Dockerfile of BuildKit's parser conformance sets
/// (positive, negative and the supplementary ones) and every <c>fixtures/**/Dockerfile</c>.
/// Sorted by name so that a seed number means the same input on every machine.
/// </summary>
internal static class FuzzCorpus
{
    private static readonly string[] ConformanceSets = ["parser", "parser-negative", "parser-extra"];

    private static readonly Lazy<IReadOnlyList<FuzzSeed>> LazySeeds = new(Load);

    public static IReadOnlyList<FuzzSeed> Seeds => LazySeeds.Value;

    private static IReadOnlyList<FuzzSeed> Load()
    {
        var seeds = new List<FuzzSeed>();
        foreach (var set in ConformanceSets)
        {
            AddDockerfiles(seeds, RepoPaths.ConformancePath(set), "conformance/" + set);
        }

        AddDockerfiles(seeds, RepoPaths.Fixtures, "fixtures");
        seeds.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return seeds;
    }

    private static void AddDockerfiles(List<FuzzSeed> seeds, string root, string label)
    {
        foreach (var path in Directory.EnumerateFiles(root, "Dockerfile", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, path).Replace('\\', '/');
            seeds.Add(new FuzzSeed(label + "/" + relative, File.ReadAllBytes(path)));
        }
    }
}
