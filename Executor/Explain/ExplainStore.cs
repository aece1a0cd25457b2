using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Builder.Cache;
using Builder.Cache.Oci;
using Builder.Executor.Json;

namespace Builder.Executor.Explain;

/// <summary>
/// The last successful build's <see cref="ExplainRecord"/> per Dockerfile path and target, one
/// JSON file each under <c>ROOT/cache/explain/</c>, replaced atomically. A missing or damaged
/// file means "nothing to compare with".
/// </summary>
internal sealed class ExplainStore(StoreRoot root)
{
    public string Folder => Path.Combine(root.Path, "cache", "explain");

    public ExplainRecord? Load(string dockerfile, string? target)
    {
        var path = PathOf(dockerfile, target);
        try
        {
            return File.Exists(path) ? OciJson.Deserialize(File.ReadAllBytes(path), ExecutorJsonContext.Records.ExplainRecord) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Save(ExplainRecord record, string? target)
    {
        Directory.CreateDirectory(Folder);
        AtomicFile.WriteAllBytes(root, PathOf(record.Dockerfile, target), OciJson.Serialize(record, ExecutorJsonContext.Records.ExplainRecord), flushToDisk: false);
    }

    private string PathOf(string dockerfile, string? target)
    {
        var id = SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(dockerfile) + "\0" + target));
        return Path.Combine(Folder, Convert.ToHexStringLower(id) + ".json");
    }
}
