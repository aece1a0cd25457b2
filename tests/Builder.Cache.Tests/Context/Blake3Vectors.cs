using System.Text.Json;

namespace Builder.Cache.Tests.Context;

/// <summary>
/// The official BLAKE3 test vectors (<c>test_vectors/test_vectors.json</c> of the BLAKE3 repository),
/// read from an installed Debian package: the crate source (librust-blake3-dev) when it ships them,
/// else golang-lukechampine-blake3-dev, whose <c>testdata/vectors.json</c> is that same file
/// (librust-blake3-dev 1.3.1 leaves the folder out). <c>BUILDER_BLAKE3_VECTORS</c> overrides.
/// Missing vectors fail the tests: a silent skip would hide a broken setup.
/// </summary>
internal static class Blake3Vectors
{
    public const string DefaultContextString = "BLAKE3 2019-12-27 16:29:52 test vectors context";

    private static readonly Lazy<VectorFile> LazyFile = new(Load);

    public static VectorFile File => LazyFile.Value;

    public static IEnumerable<string> Candidates()
    {
        var fromEnv = Environment.GetEnvironmentVariable("BUILDER_BLAKE3_VECTORS");
        if (!string.IsNullOrEmpty(fromEnv))
        {
            yield return fromEnv;
        }

        const string registry = "/usr/share/cargo/registry";
        if (Directory.Exists(registry))
        {
            foreach (var dir in Directory.GetDirectories(registry, "blake3-*").Order(StringComparer.Ordinal))
            {
                yield return Path.Combine(dir, "test_vectors", "test_vectors.json");
            }
        }

        yield return "/usr/share/gocode/src/lukechampine.com/blake3/testdata/vectors.json";
    }

    /// <summary>The input of every case: bytes 0, 1, ..., 250 repeating.</summary>
    public static byte[] Input(int length)
    {
        var input = new byte[length];
        for (int i = 0; i < length; i++)
        {
            input[i] = (byte)(i % 251);
        }

        return input;
    }

    private static VectorFile Load()
    {
        var candidates = Candidates().ToList();
        var path = candidates.FirstOrDefault(System.IO.File.Exists) ?? throw new FileNotFoundException(
            "The official BLAKE3 test vectors were not found (looked at " + string.Join(", ", candidates) + "). " +
            "Run scripts/setup.sh (it installs golang-lukechampine-blake3-dev), or set BUILDER_BLAKE3_VECTORS.");
        using var stream = System.IO.File.OpenRead(path);
        using var doc = JsonDocument.Parse(stream);
        var root = doc.RootElement;
        var cases = root.GetProperty("cases").EnumerateArray().Select(c => new VectorCase(
            c.GetProperty("input_len").GetInt32(),
            c.GetProperty("hash").GetString()!,
            c.GetProperty("keyed_hash").GetString()!,
            c.GetProperty("derive_key").GetString()!)).ToList();
        var context = root.TryGetProperty("context_string", out var cs) ? cs.GetString()! : DefaultContextString;
        return new VectorFile(path, root.GetProperty("key").GetString()!, context, cases);
    }

    public sealed record VectorFile(string Path, string Key, string ContextString, IReadOnlyList<VectorCase> Cases);

    public sealed record VectorCase(int InputLength, string Hash, string KeyedHash, string DeriveKey);
}
