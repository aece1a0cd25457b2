namespace Builder.Parser.Tests.Robustness;

/// <summary>One generated input: its number in the run, the seed it grew from, what was done to it.</summary>
internal sealed record FuzzInput(long Index, string SeedName, IReadOnlyList<string> Mutations, byte[] Bytes)
{
    public string Describe() => $"input #{Index} from {SeedName} via [{string.Join(", ", Mutations)}], {Bytes.Length} bytes";
}

/// <summary>
/// A deterministic mutation engine over a corpus of Dockerfiles. Input number <c>i</c> of a run
/// with seed <c>s</c> depends on nothing but <c>(s, i)</c> and the corpus, so any input can be
/// regenerated alone (<c>BUILDER_FUZZ_SEED</c>, <c>BUILDER_FUZZ_START</c>).
/// </summary>
internal sealed class DockerfileMutator
{
    /// <summary>Inputs are cut to this many bytes: long enough for very long lines, short enough for a 2 s budget.</summary>
    public const int MaxLength = 256 * 1024;

    private readonly IReadOnlyList<FuzzSeed> _seeds;

    public DockerfileMutator(IReadOnlyList<FuzzSeed> seeds)
    {
        if (seeds.Count == 0)
        {
            throw new ArgumentException("The corpus is empty.", nameof(seeds));
        }

        _seeds = seeds;
    }

    public FuzzInput Generate(int runSeed, long index)
    {
        var rng = new Random(Mix(runSeed, index));
        var seed = _seeds[rng.Next(_seeds.Count)];
        var buffer = new MutationBuffer(seed.Bytes, rng, _seeds);

        // Mostly a few mutations, sometimes a pile of them: small changes keep the input close
        // to valid Dockerfile syntax, which is where the interesting paths are.
        int count = 1 + (int)(Math.Pow(rng.NextDouble(), 3) * 16);
        var applied = new List<string>(count);
        for (int i = 0; i < count; i++)
        {
            var mutation = Mutations.Pick(rng);
            mutation.Apply(buffer);
            applied.Add(mutation.Name);
        }

        buffer.Truncate(MaxLength);
        return new FuzzInput(index, seed.Name, applied, buffer.ToArray());
    }

    // SplitMix64 finaliser over (seed, index): neighbouring indexes give unrelated streams.
    internal static int Mix(int seed, long index)
    {
        ulong z = unchecked(((ulong)(uint)seed << 32) ^ (ulong)index) + 0x9E3779B97F4A7C15UL;
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return unchecked((int)z);
    }
}
