using System.Security.Cryptography;
using System.Text;

namespace Builder.Bench.Corpus;

/// <summary>
/// The benchmark input: many Dockerfiles, each parsed on its own, like the Dockerfiles of a
/// monorepo. Deterministic: the same repository and conformance vectors give the same bytes
/// (<see cref="Sha256"/> says so), in the benchmark host and in BenchmarkDotNet's child process.
/// </summary>
/// <remarks>
/// Two parts. Real files: every conformance Dockerfile (<c>parser*/</c>) and every repository
/// fixture Dockerfile as its own file, plus one file of all of them concatenated, repeated until
/// the part holds <see cref="RealBytes"/>. They are small and full of edge cases. Synthesized files
/// (<see cref="DockerfileSynthesizer"/>): realistic multi-stage Dockerfiles of a few kilobytes, up
/// to <see cref="TotalBytes"/> in all.
/// </remarks>
internal sealed class DockerfileCorpus
{
    public const int RealBytes = 1 << 20;
    public const int TotalBytes = 6 << 20;

    private static readonly Lazy<DockerfileCorpus> LazyDefault = new(Build);

    private DockerfileCorpus(IReadOnlyList<CorpusFile> files, int realFileCount, int distinctRealFiles)
    {
        Files = files;
        RealFileCount = realFileCount;
        DistinctRealFiles = distinctRealFiles;
        Size = files.Sum(f => (long)f.Bytes.Length);
        Sha256 = ComputeSha256(files);
    }

    /// <summary>Built once per process.</summary>
    public static DockerfileCorpus Default => LazyDefault.Value;

    public IReadOnlyList<CorpusFile> Files { get; }

    /// <summary>Input bytes: the denominator of MB/s and of allocated bytes per input byte.</summary>
    public long Size { get; }

    public int RealFileCount { get; }

    public int DistinctRealFiles { get; }

    public string Sha256 { get; }

    public string Describe() =>
        $"corpus: {Files.Count} files, {Size:N0} bytes ({Size / 1048576.0:F2} MiB); " +
        $"{RealFileCount} real ({DistinctRealFiles} distinct, repeated), {Files.Count - RealFileCount} synthesized; " +
        $"sha256 {Sha256.Substring(0, 16)}";

    private static DockerfileCorpus Build()
    {
        string root = RepoLocator.FindRoot();
        string conformance = RepoLocator.FindConformance(root);
        var real = ReadRealFiles(root, conformance);
        if (real.Count == 0)
        {
            throw new InvalidOperationException($"No Dockerfiles found under {conformance}/parser* or {root}/fixtures.");
        }

        var files = new List<CorpusFile>();
        long size = 0;
        var bundle = Concatenate(real);
        for (int round = 0; size < RealBytes; round++)
        {
            foreach (var f in real)
            {
                files.Add(f with { Name = $"{f.Name}#{round}" });
                size += f.Bytes.Length;
            }

            files.Add(bundle with { Name = $"{bundle.Name}#{round}" });
            size += bundle.Bytes.Length;
        }

        int realCount = files.Count;
        var synthesizer = new DockerfileSynthesizer(seed: 20240601);
        for (int i = 0; size < TotalBytes; i++)
        {
            var bytes = Encoding.UTF8.GetBytes(synthesizer.Next());
            files.Add(new CorpusFile($"synth/{i:D4}/Dockerfile", bytes));
            size += bytes.Length;
        }

        return new DockerfileCorpus(files, realCount, real.Count + 1);
    }

    private static List<CorpusFile> ReadRealFiles(string root, string conformance)
    {
        var paths = new List<(string Name, string Path)>();
        foreach (var dir in Directory.GetDirectories(conformance, "parser*"))
        {
            AddDockerfiles(paths, conformance, dir);
        }

        string fixtures = Path.Combine(root, "fixtures");
        if (Directory.Exists(fixtures))
        {
            AddDockerfiles(paths, root, fixtures);
        }

        // Ordinal order: the corpus must not depend on the file system's enumeration order.
        paths.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return paths.Select(p => new CorpusFile(p.Name, File.ReadAllBytes(p.Path))).ToList();
    }

    private static void AddDockerfiles(List<(string Name, string Path)> into, string relativeTo, string dir)
    {
        foreach (var path in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
        {
            string name = Path.GetFileName(path);
            if (name.StartsWith("Dockerfile", StringComparison.Ordinal) && !name.Contains(".received.", StringComparison.Ordinal))
            {
                into.Add((Path.GetRelativePath(relativeTo, path).Replace('\\', '/'), path));
            }
        }
    }

    // One larger file made of every real file, each on fresh lines: directives in the middle
    // become comments, which is what a pasted-together Dockerfile would look like.
    private static CorpusFile Concatenate(List<CorpusFile> real)
    {
        var bytes = new List<byte>();
        foreach (var f in real)
        {
            bytes.AddRange(f.Bytes);
            if (f.Bytes.Length > 0 && f.Bytes[^1] != (byte)'\n')
            {
                bytes.Add((byte)'\n');
            }
        }

        return new CorpusFile("concatenated/Dockerfile", bytes.ToArray());
    }

    private static string ComputeSha256(IReadOnlyList<CorpusFile> files)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var f in files)
        {
            sha.AppendData(f.Bytes);
        }

        return Convert.ToHexString(sha.GetHashAndReset()).ToLowerInvariant();
    }
}
