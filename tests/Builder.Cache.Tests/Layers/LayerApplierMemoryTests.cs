using System.Formats.Tar;
using Builder.TestKit;
using Xunit;

namespace Builder.Cache.Tests.Layers;

/// <summary>
/// Allocation measurements read the process-wide counter, so they run alone: a test class running
/// beside them would count its own allocations against the applier.
/// </summary>
[CollectionDefinition(nameof(MeasuredAlone), DisableParallelization = true)]
public sealed class MeasuredAlone
{
}

[Collection(nameof(MeasuredAlone))]
public sealed class LayerApplierMemoryTests : IDisposable
{
    private readonly TempDirectory _dir = new("applier");

    private string Target => _dir.Combine("target");

    public void Dispose() => Fs.Remove(_dir);

    [Fact]
    public async Task Streams_large_files_without_holding_them()
    {
        const int size = 64 << 20;
        var tar = new LayerTar();
        var entry = new PaxTarEntry(TarEntryType.RegularFile, "big") { DataStream = new ZeroStream(size) };
        var bytes = tar.Add(entry).ToArray();

        var before = GC.GetTotalAllocatedBytes(precise: true);
        await Fs.ApplyAsync(bytes, Target);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.Equal(size, new FileInfo(Path.Combine(Target, "big")).Length);
        Assert.True(allocated < size / 4, $"allocated {allocated} bytes applying a {size}-byte file");
    }
}
