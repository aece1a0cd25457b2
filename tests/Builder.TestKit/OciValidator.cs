using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Xunit;

namespace Builder.TestKit;

/// <summary>
/// Checks an OCI image layout (a folder or a tar) independently of Builder's own model: re-reads
/// every blob reachable from <c>index.json</c> (through nested indexes to manifests, configs and
/// layers), checks digests, sizes and media types, that each config's <c>rootfs.diff_ids</c> are the
/// sha256 of the decompressed layers and that each layer is a readable tar, and, when the archive is
/// also a docker-archive, that <c>manifest.json</c> points at existing, correct blobs. Reports every
/// problem, not just the first. Every export and save test calls <see cref="AssertValid"/>.
/// </summary>
public static class OciValidator
{
    private static readonly HashSet<string> IndexTypes = ["application/vnd.oci.image.index.v1+json", "application/vnd.docker.distribution.manifest.list.v2+json"];
    private static readonly HashSet<string> ManifestTypes = ["application/vnd.oci.image.manifest.v1+json", "application/vnd.docker.distribution.manifest.v2+json"];
    private static readonly HashSet<string> ConfigTypes = ["application/vnd.oci.image.config.v1+json", "application/vnd.docker.container.image.v1+json"];
    private static readonly Dictionary<string, string> LayerTypes = new()
    {
        ["application/vnd.oci.image.layer.v1.tar"] = "none",
        ["application/vnd.oci.image.layer.v1.tar+gzip"] = "gzip",
        ["application/vnd.oci.image.layer.v1.tar+zstd"] = "zstd",
        ["application/vnd.docker.image.rootfs.diff.tar.gzip"] = "gzip",
    };

    public static void AssertValid(string path)
    {
        var problems = Validate(path);
        Assert.True(problems.Count == 0, $"{path} is not a valid OCI image layout:\n  " + string.Join("\n  ", problems));
    }

    public static IReadOnlyList<string> Validate(string path)
    {
        if (Directory.Exists(path))
        {
            return new Run(path).Check();
        }

        using var temp = new TempDirectory("oci-validate");
        try
        {
            TarFile.ExtractToDirectory(path, temp.Path, overwriteFiles: false);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            return [$"{path} is not a readable tar: {e.Message}"];
        }

        return new Run(temp.Path).Check();
    }

    private sealed class Run(string root)
    {
        private readonly List<string> _problems = [];
        private readonly HashSet<string> _checked = [];

        public List<string> Check()
        {
            var layout = ReadJson(Path.Combine(root, "oci-layout"), "oci-layout");
            if (layout is { } l && (!l.RootElement.TryGetProperty("imageLayoutVersion", out var v) || v.GetString() != "1.0.0"))
            {
                _problems.Add("oci-layout: imageLayoutVersion is not \"1.0.0\"");
            }

            if (ReadJson(Path.Combine(root, "index.json"), "index.json") is { } index)
            {
                CheckIndexDocument(index.RootElement, "index.json", expectedType: null);
            }

            if (File.Exists(Path.Combine(root, "manifest.json")))
            {
                CheckDockerManifest();
            }

            return _problems;
        }

        private void CheckIndexDocument(JsonElement index, string where, string? expectedType)
        {
            if (!index.TryGetProperty("schemaVersion", out var sv) || sv.ValueKind != JsonValueKind.Number || sv.GetInt32() != 2)
            {
                _problems.Add($"{where}: schemaVersion is not 2");
            }

            CheckMediaTypeField(index, where, expectedType ?? "application/vnd.oci.image.index.v1+json");
            if (!index.TryGetProperty("manifests", out var manifests) || manifests.ValueKind != JsonValueKind.Array || manifests.GetArrayLength() == 0)
            {
                _problems.Add($"{where}: no manifests");
                return;
            }

            int i = 0;
            foreach (var child in manifests.EnumerateArray())
            {
                CheckDescriptor(child, $"{where} manifests[{i++}]");
            }
        }

        private void CheckDescriptor(JsonElement descriptor, string where)
        {
            var mediaType = descriptor.TryGetProperty("mediaType", out var mt) ? mt.GetString() : null;
            if (Blob(descriptor, where) is not { } blob || mediaType is null)
            {
                if (mediaType is null)
                {
                    _problems.Add($"{where}: descriptor has no mediaType");
                }

                return;
            }

            if (IndexTypes.Contains(mediaType))
            {
                if (ReadJson(blob, where) is { } doc)
                {
                    CheckIndexDocument(doc.RootElement, $"index {Path.GetFileName(blob)}", mediaType);
                }
            }
            else if (ManifestTypes.Contains(mediaType))
            {
                CheckManifest(blob, mediaType);
            }
            else
            {
                _problems.Add($"{where}: media type {mediaType} is neither an index nor an image manifest");
            }
        }

        private void CheckManifest(string blob, string mediaType)
        {
            var where = $"manifest {Path.GetFileName(blob)}";
            if (ReadJson(blob, where) is not { } doc)
            {
                return;
            }

            var manifest = doc.RootElement;
            CheckMediaTypeField(manifest, where, mediaType);
            bool oci = mediaType.Contains(".oci.", StringComparison.Ordinal);
            if (!manifest.TryGetProperty("config", out var config) || !manifest.TryGetProperty("layers", out var layers) || layers.ValueKind != JsonValueKind.Array)
            {
                _problems.Add($"{where}: no config or no layers");
                return;
            }

            var configType = config.TryGetProperty("mediaType", out var ct) ? ct.GetString() : null;
            if (configType is null || !ConfigTypes.Contains(configType) || (oci && configType.Contains("docker", StringComparison.Ordinal)))
            {
                _problems.Add($"{where}: config media type {configType ?? "(none)"} does not fit a {mediaType}");
            }

            var diffIds = new List<string>();
            if (Blob(config, $"{where} config") is { } configBlob && ReadJson(configBlob, $"config {Path.GetFileName(configBlob)}") is { } configDoc)
            {
                diffIds = CheckConfig(configDoc.RootElement, $"config {Path.GetFileName(configBlob)}");
            }

            if (diffIds.Count != layers.GetArrayLength())
            {
                _problems.Add($"{where}: {layers.GetArrayLength()} layers but the config lists {diffIds.Count} diff ids");
            }

            int i = 0;
            foreach (var layer in layers.EnumerateArray())
            {
                var layerWhere = $"{where} layers[{i}]";
                var layerType = layer.TryGetProperty("mediaType", out var lt) ? lt.GetString() : null;
                if (layerType is null || !LayerTypes.TryGetValue(layerType, out var compression))
                {
                    _problems.Add($"{layerWhere}: {layerType ?? "(none)"} is not a layer media type");
                }
                else if (oci && layerType.Contains("docker", StringComparison.Ordinal))
                {
                    _problems.Add($"{layerWhere}: Docker layer media type in an OCI manifest");
                }
                else if (Blob(layer, layerWhere) is { } layerBlob && i < diffIds.Count)
                {
                    CheckLayer(layerBlob, compression, diffIds[i], layerWhere);
                }

                i++;
            }
        }

        private List<string> CheckConfig(JsonElement config, string where)
        {
            foreach (var field in new[] { "architecture", "os" })
            {
                if (!config.TryGetProperty(field, out var value) || value.ValueKind != JsonValueKind.String || value.GetString() is not { Length: > 0 })
                {
                    _problems.Add($"{where}: no {field}");
                }
            }

            if (!config.TryGetProperty("rootfs", out var rootfs) || !rootfs.TryGetProperty("type", out var type) || type.GetString() != "layers" ||
                !rootfs.TryGetProperty("diff_ids", out var ids) || ids.ValueKind != JsonValueKind.Array)
            {
                _problems.Add($"{where}: rootfs is not {{\"type\":\"layers\",\"diff_ids\":[...]}}");
                return [];
            }

            return ids.EnumerateArray().Select(d => d.GetString() ?? string.Empty).ToList();
        }

        private void CheckLayer(string blob, string compression, string diffId, string where)
        {
            try
            {
                using var file = File.OpenRead(blob);
                using var data = Decompress(file, compression);
                using var hashing = new HashingReadStream(data);
                using (var tar = new TarReader(hashing, leaveOpen: true))
                {
                    while (tar.GetNextEntry() is not null)
                    {
                    }
                }

                hashing.CopyTo(Stream.Null);
                var actual = "sha256:" + Convert.ToHexStringLower(hashing.Hash());
                if (actual != diffId)
                {
                    _problems.Add($"{where}: decompressed layer hashes to {actual}, but the config's diff id is {diffId}");
                }
            }
            catch (Exception e) when (e is InvalidDataException or IOException or FormatException)
            {
                _problems.Add($"{where}: layer {Path.GetFileName(blob)} is not a readable {compression} tar: {e.Message}");
            }
        }

        private static Stream Decompress(Stream file, string compression) => compression switch
        {
            "gzip" => new GZipStream(file, CompressionMode.Decompress),
            "zstd" => Zstd(file),
            _ => file,
        };

        private static Stream Zstd(Stream file)
        {
            var path = ((FileStream)file).Name;
            var start = new ProcessStartInfo(ExternalTools.Require("zstd")) { RedirectStandardOutput = true, UseShellExecute = false };
            start.ArgumentList.Add("-dc");
            start.ArgumentList.Add(path);
            return Process.Start(start)!.StandardOutput.BaseStream;
        }

        private void CheckDockerManifest()
        {
            if (ReadJson(Path.Combine(root, "manifest.json"), "manifest.json") is not { } doc || doc.RootElement.ValueKind != JsonValueKind.Array)
            {
                _problems.Add("manifest.json: not a JSON array");
                return;
            }

            int i = 0;
            foreach (var entry in doc.RootElement.EnumerateArray())
            {
                var where = $"manifest.json[{i++}]";
                var paths = new List<string?> { entry.TryGetProperty("Config", out var c) ? c.GetString() : null };
                if (entry.TryGetProperty("Layers", out var layers) && layers.ValueKind == JsonValueKind.Array)
                {
                    paths.AddRange(layers.EnumerateArray().Select(l => l.GetString()));
                }
                else
                {
                    _problems.Add($"{where}: no Layers");
                }

                foreach (var p in paths)
                {
                    var file = p is null ? null : Path.Combine(root, p);
                    if (file is null || !File.Exists(file))
                    {
                        _problems.Add($"{where}: {p ?? "Config"} is missing from the archive");
                    }
                    else if (p!.StartsWith("blobs/sha256/", StringComparison.Ordinal))
                    {
                        VerifyDigest(file, "sha256:" + Path.GetFileName(file), -1, where);
                    }
                }
            }
        }

        private string? Blob(JsonElement descriptor, string where)
        {
            var digest = descriptor.TryGetProperty("digest", out var d) ? d.GetString() : null;
            long size = descriptor.TryGetProperty("size", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetInt64() : -1;
            if (digest is null || digest.Length != 71 || !digest.StartsWith("sha256:", StringComparison.Ordinal) || !digest.Skip(7).All(char.IsAsciiHexDigitLower))
            {
                _problems.Add($"{where}: digest {digest ?? "(none)"} is not sha256: and 64 lowercase hex digits");
                return null;
            }

            if (size < 0)
            {
                _problems.Add($"{where}: no size");
            }

            var path = Path.Combine(root, "blobs", "sha256", digest.Substring(7));
            if (!File.Exists(path))
            {
                _problems.Add($"{where}: blob {digest} is missing");
                return null;
            }

            return VerifyDigest(path, digest, size, where) ? path : null;
        }

        private bool VerifyDigest(string path, string digest, long size, string where)
        {
            var length = new FileInfo(path).Length;
            if (size >= 0 && length != size)
            {
                _problems.Add($"{where}: blob {digest} is {length} bytes, the descriptor says {size}");
                return false;
            }

            if (_checked.Add(path))
            {
                using var file = File.OpenRead(path);
                var actual = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(file));
                if (actual != digest)
                {
                    _problems.Add($"{where}: blob {digest} hashes to {actual}");
                    return false;
                }
            }

            return true;
        }

        private void CheckMediaTypeField(JsonElement document, string where, string expected)
        {
            if (document.TryGetProperty("mediaType", out var mt) && mt.GetString() != expected)
            {
                _problems.Add($"{where}: mediaType {mt.GetString()} differs from its descriptor's {expected}");
            }
        }

        private JsonDocument? ReadJson(string path, string where)
        {
            if (!File.Exists(path))
            {
                _problems.Add($"{where}: missing");
                return null;
            }

            try
            {
                return JsonDocument.Parse(File.ReadAllBytes(path));
            }
            catch (JsonException e)
            {
                _problems.Add($"{where}: not valid JSON ({e.Message})");
                return null;
            }
        }
    }
}
