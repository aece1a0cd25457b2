using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Builder.Bench.Context;
using Builder.Cache;
using Builder.Cache.Context;
using Builder.Parser.Ignore;
using Builder.Parser.Text;

// Builder.Bench.Context hash-file FILE [--repeat N] [--buffer BYTES]
// Builder.Bench.Context hash-memory [--mib N] [--repeat N]
// Builder.Bench.Context walk CONTEXT --root STORE [--no-dockerignore] [--evict] [--repeat N] [--no-memo]
return args.Length == 0 ? Usage() : args[0] switch
{
    "hash-file" => Commands.HashFile(args[1], IntOption(args, "--repeat", 5), IntOption(args, "--buffer", 1 << 20)),
    "hash-memory" => Commands.HashMemory(IntOption(args, "--mib", 256), IntOption(args, "--repeat", 5)),
    "walk" => Commands.Walk(args[1], StringOption(args, "--root") ?? throw new ArgumentException("walk needs --root STORE"), !args.Contains("--no-dockerignore"), args.Contains("--evict"), IntOption(args, "--repeat", 1), args.Contains("--no-memo")),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: hash-file FILE [--repeat N] [--buffer BYTES] | hash-memory [--mib N] [--repeat N] | walk CONTEXT --root STORE [--no-dockerignore] [--evict] [--repeat N] [--no-memo]");
    return 2;
}

static string? StringOption(string[] args, string name)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

static int IntOption(string[] args, string name, int fallback) =>
    StringOption(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

namespace Builder.Bench.Context
{
    internal static class Commands
    {
        /// <summary>Single-threaded BLAKE3 of a file through the context hasher's read path.</summary>
        public static int HashFile(string path, int repeat, int buffer)
        {
            long length = new FileInfo(path).Length;
            var rates = new List<double>();
            var cpuRates = new List<double>();
            Blake3Hash hash = default;
            for (int i = 0; i < repeat; i++)
            {
                var cpu = CpuClock.ThreadNs();
                var sw = Stopwatch.StartNew();
                if (buffer == 1 << 20)
                {
                    hash = Blake3Hasher.HashFile(path);
                }
                else
                {
                    // Same read path, other buffer size: a one-file context.
                    hash = HashWithBuffer(path, buffer);
                }

                sw.Stop();
                double cpuSeconds = (CpuClock.ThreadNs() - cpu) / 1e9;
                rates.Add(length / sw.Elapsed.TotalSeconds / 1e9);
                cpuRates.Add(length / cpuSeconds / 1e9);
                Console.WriteLine(Invariant($"run {i + 1}: {sw.Elapsed.TotalMilliseconds,8:F1} ms wall {rates[^1],6:F2} GB/s, {cpuSeconds * 1000,8:F1} ms cpu {cpuRates[^1],6:F2} GB/s per core"));
            }

            rates.Sort();
            cpuRates.Sort();
            Console.WriteLine(Invariant($"hash-file {Path.GetFileName(path)} {length / (1024.0 * 1024 * 1024):F2} GiB buffer {buffer / 1024} KiB: ") +
                Invariant($"per core (bytes / thread CPU time) best {cpuRates[^1]:F2} GB/s, median {cpuRates[cpuRates.Count / 2]:F2} GB/s; ") +
                Invariant($"wall best {rates[^1]:F2} GB/s, median {rates[rates.Count / 2]:F2} GB/s; {hash.ToShortString()}"));
            return 0;
        }

        /// <summary>BLAKE3 alone (no read(2)): what the C library does on this CPU.</summary>
        public static int HashMemory(int mib, int repeat)
        {
            var data = new byte[mib << 20];
            new Random(1).NextBytes(data);
            var rates = new List<double>();
            var cpuRates = new List<double>();
            for (int i = 0; i < repeat; i++)
            {
                var cpu = CpuClock.ThreadNs();
                var sw = Stopwatch.StartNew();
                _ = Blake3Hasher.Hash(data);
                sw.Stop();
                rates.Add(data.Length / sw.Elapsed.TotalSeconds / 1e9);
                cpuRates.Add(data.Length / ((CpuClock.ThreadNs() - cpu) / 1e9) / 1e9);
            }

            rates.Sort();
            cpuRates.Sort();
            Console.WriteLine(Invariant($"hash-memory {mib} MiB (BLAKE3 {Blake3Hasher.NativeVersion}): per core best {cpuRates[^1]:F2} GB/s, median {cpuRates[cpuRates.Count / 2]:F2} GB/s; ") +
                Invariant($"wall best {rates[^1]:F2} GB/s, median {rates[rates.Count / 2]:F2} GB/s"));
            return 0;
        }

        /// <summary>One walk of a context with the stat memo under STORE, as a build would do it.</summary>
        public static int Walk(string context, string root, bool dockerignore, bool evict, int repeat, bool noMemo)
        {
            if (evict)
            {
                var sw0 = Stopwatch.StartNew();
                int evicted = PageCache.Evict(context);
                Console.WriteLine(Invariant($"evicted {evicted} files from the page cache in {sw0.Elapsed.TotalMilliseconds:F0} ms"));
            }

            var filter = dockerignore ? DockerignoreFilter(context) : ContextFilter.None;
            for (int i = 0; i < Math.Max(repeat, 1); i++)
            {
                var hasher = new ContextHasher(context, new ContextHasherOptions { Store = noMemo ? null : new StoreRoot(root), Filter = filter });
                var cpu = CpuClock.ThreadNs();
                var sw = Stopwatch.StartNew();
                var snapshot = hasher.Snapshot();
                sw.Stop();
                double cpuMs = (CpuClock.ThreadNs() - cpu) / 1e6;
                var s = hasher.Statistics;
                Console.WriteLine(
                    Invariant($"walk{(i == 0 ? string.Empty : " (same process, again)")}: {sw.Elapsed.TotalMilliseconds:F1} ms wall, {cpuMs:F1} ms cpu, ") +
                    Invariant($"{s.Entries} entries, {s.Files} files, memo {s.Memo.ToString().ToLowerInvariant()}, {s.MemoHits} memo hits, {s.FilesHashed} hashed, ") +
                    Invariant($"{s.FilesOpened} opened, {s.BytesRead} bytes read ({s.BytesRead / Math.Max(cpuMs / 1e3, 1e-9) / 1e9:F2} GB/s per core), digest {snapshot.Digest.ToShortString()}"));
            }

            return 0;
        }

        private static Blake3Hash HashWithBuffer(string path, int buffer)
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
            var name = Path.GetFileName(path);
            var hasher = new ContextHasher(dir, new ContextHasherOptions { BufferSize = buffer, Filter = new ContextFilter((p, _) => p != name) });
            return hasher.Walk().Single().ContentHash!.Value;
        }

        private static ContextFilter DockerignoreFilter(string context)
        {
            var file = Path.Combine(context, ".dockerignore");
            if (!File.Exists(file))
            {
                return ContextFilter.None;
            }

            var matcher = IgnoreFile.Parse(SourceText.Load(file)).CreateMatcher().Matcher;
            return new ContextFilter(
                (path, _) => matcher.MatchesOrParentMatches(path).IsMatch,
                matcher.HasExclusions ? _ => true : null);
        }

        private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>CPU time of the calling thread (user + system), so a busy machine does not distort per-core rates.</summary>
    internal static unsafe partial class CpuClock
    {
        public static long ThreadNs()
        {
            long* ts = stackalloc long[2];
            _ = ClockGetTime(3, ts); // CLOCK_THREAD_CPUTIME_ID
            return (ts[0] * 1_000_000_000L) + ts[1];
        }

        [LibraryImport("libc.so.6", EntryPoint = "clock_gettime")]
        private static partial int ClockGetTime(int clock, long* timespec);
    }

    /// <summary>Drops one folder's files from the page cache (posix_fadvise DONTNEED), nothing else.</summary>
    internal static partial class PageCache
    {
        public static int Evict(string root)
        {
            int n = 0;
            foreach (var file in Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
            {
                using var handle = File.OpenHandle(file);
                _ = PosixFadvise((int)handle.DangerousGetHandle(), 0, 0, 4);
                n++;
            }

            return n;
        }

        [LibraryImport("libc.so.6", EntryPoint = "posix_fadvise")]
        private static partial int PosixFadvise(int fd, long offset, long length, int advice);
    }
}
