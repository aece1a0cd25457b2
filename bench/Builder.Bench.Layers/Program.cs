using System.Diagnostics;
using System.Globalization;
using Builder.Bench.Layers;
using Builder.Cache;
using Builder.Cache.Content;
using Builder.Cache.Layers;
using Builder.Cache.Oci;

// bench/run-layers.sh drives this; see bench/README.md.
//   generate DIR SIZE_MB                         deterministic test tree
//   export DIR STORE gzip|zstd|none [THREADS] [COPY_TO]   one layer export, one result line
if (args is ["generate", var dir, var sizeMb])
{
    var bytes = DataGenerator.Generate(dir, long.Parse(sizeMb, CultureInfo.InvariantCulture) << 20);
    Console.WriteLine($"generated {bytes} bytes of files in {dir}");
    return 0;
}

if (args is ["export", var source, var storePath, var compressionName, ..])
{
    var compression = Enum.Parse<LayerCompression>(compressionName, ignoreCase: true);
    int threads = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : Environment.ProcessorCount;
    var store = new ContentStore(new StoreRoot(storePath));
    var writer = new LayerWriter(store, new LayerWriterOptions { Compression = compression, MaxParallelism = threads });

    var clock = Stopwatch.StartNew();
    var layer = writer.Write(LayerSource.Directory(source));
    clock.Stop();

    if (args.Length > 5)
    {
        File.Copy(store.BlobPath(layer.Blob.Digest), args[5], overwrite: true);
    }

    // One line for the script: compression threads seconds uncompressed compressed diffid digest
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{compression} {threads} {clock.Elapsed.TotalSeconds:F3} {layer.UncompressedSize} {layer.Blob.Size} {layer.DiffId} {layer.Blob.Digest}"));
    store.Delete(layer.Blob.Digest);
    return 0;
}

Console.Error.WriteLine("usage: Builder.Bench.Layers generate DIR SIZE_MB | export DIR STORE gzip|zstd|none [THREADS] [COPY_TO]");
return 2;
