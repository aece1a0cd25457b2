using System.Collections.Immutable;
using System.Text;
using Builder.Cache.Oci;
using Builder.Executor.Caching;
using Xunit;

namespace Builder.Executor.Tests.Caching;

/// <summary>The registry build cache's documents: what an export writes is what an import reads, and what an import refuses.</summary>
public sealed class RegistryCacheLayoutTests
{
    private static readonly DateTimeOffset Created = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static Digest D(string text) => Digest.Compute(Encoding.UTF8.GetBytes(text));

    private static Descriptor Layer(string text) => new(MediaTypes.OciLayer, D(text), 2560);

    private static BuildCacheExport Export() => new(new Dictionary<Digest, StepRecord>
    {
        [D("key-base")] = new(null, null, Created),
        [D("key-copy")] = new(Layer("layer-a"), D("diff-a"), Created.AddSeconds(1)),
        [D("key-copy-again")] = new(Layer("layer-a"), D("diff-a"), Created.AddSeconds(2)),
        [D("key-run")] = new(Layer("layer-b"), D("diff-b"), Created.AddSeconds(3)),
    }.ToImmutableSortedDictionary());

    [Fact]
    public void An_export_reads_back_as_the_same_records_and_lists_each_layer_once_with_its_diff_id()
    {
        var export = Export();
        var configBytes = RegistryCacheLayout.Config(export);
        var config = new Descriptor(RegistryCacheLayout.ConfigMediaType, Digest.Compute(configBytes), configBytes.Length);

        var manifestBytes = RegistryCacheLayout.Manifest(config, export);
        var manifest = RegistryCacheLayout.ReadManifest(manifestBytes, out var why);

        Assert.Null(why);
        Assert.NotNull(manifest);
        Assert.Equal(manifestBytes, RegistryCacheLayout.Manifest(config, Export()));
        Assert.Contains("\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\"", Encoding.UTF8.GetString(manifestBytes));
        Assert.Equal(new[] { D("layer-a"), D("layer-b") }.Order(), manifest.Layers.Select(l => l.Digest).Order());
        Assert.Equal(D("diff-b").ToString(), manifest.Layers.Single(l => l.Digest == D("layer-b")).Annotation(RegistryCacheLayout.UncompressedAnnotation));
        var records = RegistryCacheLayout.ReadConfig(configBytes, manifest, "r/cache:1");
        Assert.Equal(export.Records.Keys, records.Keys.Order());
        Assert.All(export.Records, r => Assert.Equal(r.Value, records[r.Key]));
    }

    [Fact]
    public void A_record_whose_layer_the_manifest_does_not_list_is_left_out()
    {
        var export = Export();
        var configBytes = RegistryCacheLayout.Config(export);
        var config = new Descriptor(RegistryCacheLayout.ConfigMediaType, Digest.Compute(configBytes), configBytes.Length);
        var manifest = RegistryCacheLayout.ReadManifest(RegistryCacheLayout.Manifest(config, export), out _)!;
        var withoutB = manifest with { Layers = [.. manifest.Layers.Where(l => l.Digest != D("layer-b"))] };

        var records = RegistryCacheLayout.ReadConfig(configBytes, withoutB, "r/cache:1");

        Assert.Equal(3, records.Count);
        Assert.False(records.ContainsKey(D("key-run")));
    }

    [Fact]
    public void An_image_manifest_is_not_a_cache_and_says_why()
    {
        var image = Encoding.UTF8.GetBytes($$"""{"schemaVersion":2,"mediaType":"{{MediaTypes.OciManifest}}","config":{"mediaType":"{{MediaTypes.OciConfig}}","digest":"{{D("c")}}","size":2},"layers":[]}""");

        Assert.Null(RegistryCacheLayout.ReadManifest(image, out var why));
        Assert.Equal($"its config is {MediaTypes.OciConfig}, not application/vnd.builder.cache.config.v1+json", why);
        Assert.Null(RegistryCacheLayout.ReadManifest("not json"u8.ToArray(), out why));
        Assert.StartsWith("its manifest is not valid JSON", why);
    }
}
