using System.Text;

namespace Builder.Bench.Layers;

/// <summary>
/// A deterministic tree of about <c>targetBytes</c> that looks like an image layer: many small
/// text files (sources, configs: compress well), binaries with structure (compress some), and
/// already-compressed assets (random: do not compress), plus a few symlinks and hard links.
/// The same seed gives the same bytes on every machine (own xorshift, not System.Random).
/// </summary>
internal static class DataGenerator
{
    private static readonly string[] Words =
    [
        "return", "if", "else", "for", "while", "var", "const", "function", "class", "public", "static",
        "void", "int", "string", "import", "from", "export", "default", "new", "this", "null", "true",
        "false", "async", "await", "try", "catch", "throw", "layer", "image", "digest", "buffer", "stream",
        "config", "value", "index", "length", "result", "error", "options", "context", "request", "response",
    ];

    public static long Generate(string root, long targetBytes, ulong seed = 0x9E3779B97F4A7C15)
    {
        var rng = new XorShift(seed);
        long written = 0;
        int fileNumber = 0;
        var buffer = new byte[1 << 20];
        while (written < targetBytes)
        {
            // Per mille: 900 small text files, 80 binaries, 19 compressed assets, 1 big compressed blob;
            // by bytes about a quarter text, half binaries, a quarter incompressible.
            int kind = (int)(rng.Next() % 1000);
            long size = kind switch
            {
                < 900 => 256 + (long)(rng.Next() % (24 << 10)),
                < 980 => (64 << 10) + (long)(rng.Next() % (512 << 10)),
                < 999 => (16 << 10) + (long)(rng.Next() % (160 << 10)),
                _ => (4 << 20) + (long)(rng.Next() % (12 << 20)),
            };
            kind = kind < 900 ? 0 : kind < 980 ? 1 : 2;
            size = Math.Min(size, targetBytes - written);
            var dir = Path.Combine(root, $"d{rng.Next() % 16:x}", $"s{rng.Next() % 24:x}");
            Directory.CreateDirectory(dir);
            var path = Path.Combine(dir, $"f{fileNumber++:d6}" + (kind == 0 ? ".txt" : kind == 1 ? ".so" : ".bin"));
            using (var file = new FileStream(path, FileMode.Create, FileAccess.Write))
            {
                for (long left = size; left > 0;)
                {
                    int n = (int)Math.Min(buffer.Length, left);
                    Fill(buffer.AsSpan(0, n), kind, ref rng);
                    file.Write(buffer, 0, n);
                    left -= n;
                }
            }

            written += size;
            if (fileNumber % 1000 == 0)
            {
                File.CreateSymbolicLink(path + ".link", Path.GetFileName(path));
                Run("ln", path, path + ".hard");
            }
        }

        // Fixed mtimes (symlinks included), so the tar, and so every digest, is the same on every run.
        Run("find", root, "-exec", "touch", "-h", "-d", "2024-01-01T00:00:00Z", "{}", "+");
        return written;
    }

    private static void Fill(Span<byte> span, int kind, ref XorShift rng)
    {
        if (kind == 0)
        {
            // Text: words, spaces, indentation and newlines.
            int at = 0;
            while (at < span.Length)
            {
                var word = Words[rng.Next() % (ulong)Words.Length];
                string piece = (rng.Next() % 9) switch
                {
                    0 => "\n    ",
                    1 => $"({rng.Next() % 1000}); ",
                    _ => word + " ",
                };
                int n = Math.Min(piece.Length, span.Length - at);
                Encoding.ASCII.GetBytes(piece.AsSpan(0, n), span.Slice(at, n));
                at += n;
            }
        }
        else if (kind == 1)
        {
            // Binary code: a small alphabet, runs of zeros, repeated short sequences.
            for (int i = 0; i < span.Length; i++)
            {
                ulong r = rng.Next();
                span[i] = (r % 5) switch
                {
                    0 => 0,
                    1 => (byte)(r >> 8 & 0x0f),
                    2 => i >= 16 ? span[i - 16] : (byte)0x48,
                    _ => (byte)(r >> 16),
                };
            }
        }
        else
        {
            for (int i = 0; i + 8 <= span.Length; i += 8)
            {
                BitConverter.TryWriteBytes(span.Slice(i, 8), rng.Next());
            }
        }
    }

    private static void Run(string program, params string[] args)
    {
        using var process = System.Diagnostics.Process.Start(program, args);
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} failed ({process.ExitCode}).");
        }
    }

    private struct XorShift(ulong state)
    {
        private ulong _state = state;

        public ulong Next()
        {
            _state ^= _state << 13;
            _state ^= _state >> 7;
            _state ^= _state << 17;
            return _state * 0x2545F4914F6CDD1DUL;
        }
    }
}
