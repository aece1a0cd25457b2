using System.Collections.Immutable;
using System.Text;
using Builder.Cache.Oci;
using Xunit;

namespace Builder.Cache.Tests.Oci;

public sealed class ImageConfigTests
{
    [Fact]
    public void Serialises_deterministically_with_docker_field_names()
    {
        var config = new ImageConfig
        {
            Created = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
            Config = new ContainerConfig
            {
                Env = ["PATH=/usr/bin", "A=<&>"],
                Cmd = ["sh"],
                ExposedPorts = ImmutableSortedDictionary.CreateRange<string, EmptyObject>(StringComparer.Ordinal, [new("80/tcp", EmptyObject.Instance)]),
                Labels = ImmutableSortedDictionary.CreateRange<string, string>(StringComparer.Ordinal, [new("b", "2"), new("a", "1")]),
                Healthcheck = new HealthConfig { Test = ["CMD", "true"], Interval = HealthConfig.ToNanoseconds(TimeSpan.FromSeconds(30)) },
            },
            RootFs = new RootFs("layers", [Digest.Compute("x"u8)]),
            History = [new HistoryEntry { CreatedBy = "RUN x", EmptyLayer = true }],
        };

        string json = Encoding.UTF8.GetString(OciJson.Serialize(config));
        Assert.Equal(
            "{\"created\":\"2026-01-02T03:04:05Z\",\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"ExposedPorts\":{\"80/tcp\":{}},\"Env\":[\"PATH=/usr/bin\",\"A=<&>\"],\"Cmd\":[\"sh\"],\"Healthcheck\":{\"Test\":[\"CMD\",\"true\"],\"Interval\":30000000000},\"Labels\":{\"a\":\"1\",\"b\":\"2\"}},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881\"]},\"history\":[{\"created_by\":\"RUN x\",\"empty_layer\":true}]}",
            json);
        Assert.Equal(config.Config.Env, OciJson.Deserialize<ImageConfig>(Encoding.UTF8.GetBytes(json)).Config.Env);
    }
}
