using System.Text.Json;
using System.Text.RegularExpressions;
using Builder.TestKit;
using Xunit;

namespace Builder.Cli.Tests.Commands;

/// <summary>
/// <c>--cache-to type=registry</c> / <c>--cache-from type=registry</c> against docker-registry: the
/// two-stage build of the local-transport test (<see cref="BuildCommandTests"/>) exported from
/// store A and imported into an empty store B, <c>mode=min</c>, a missing cache, and htpasswd auth.
/// </summary>
public sealed partial class BuildRegistryCacheTests : IDisposable
{
    private const string Stages = "FROM scratch AS docs\nCOPY README.md /docs/\nFROM scratch\nCOPY --from=docs /docs /d\nCOPY src /src\n";
    private const string DocsStep = "[docs 1/1] COPY README.md /docs/";
    private static readonly string[] FinalSteps = ["[stage-1 1/2] COPY --from=docs /docs /d", "[stage-1 2/2] COPY src /src"];

    private static readonly string[] AllSteps = [DocsStep, .. FinalSteps];

    private readonly RegistryStores _stores = new();

    public void Dispose() => _stores.Dispose();

    private string Context()
    {
        var dir = _stores.A.Dir.Combine("ctx");
        Directory.CreateDirectory(Path.Combine(dir, "src"));
        File.WriteAllText(Path.Combine(dir, "Dockerfile"), Stages);
        File.WriteAllText(Path.Combine(dir, "README.md"), "docs\n");
        File.WriteAllText(Path.Combine(dir, "src", "main.c"), "int main(void) { return 0; }\n");
        return dir;
    }

    /// <summary>Each step's plain-progress outcome (CACHED or DONE), by its name.</summary>
    private static Dictionary<string, string> Outcomes(string stderr)
    {
        var names = VertexName().Matches(stderr).GroupBy(m => m.Groups[1].Value).ToDictionary(g => g.Key, g => g.First().Groups[2].Value);
        return VertexEnd().Matches(stderr)
            .Where(m => names.ContainsKey(m.Groups[1].Value) && names[m.Groups[1].Value].StartsWith('[') && !names[m.Groups[1].Value].StartsWith("[internal]", StringComparison.Ordinal))
            .ToDictionary(m => names[m.Groups[1].Value], m => m.Groups[2].Value);
    }

    private static Dictionary<string, string> Every(string outcome) => AllSteps.ToDictionary(s => s, _ => outcome);

    [ToolFact("docker-registry")]
    public async Task A_registry_cache_export_makes_every_step_cached_in_an_empty_store_multi_stage_included()
    {
        using var registry = await RegistryServer.StartAsync();
        var context = Context();
        var cache = $"{registry.Host}/cache:1";

        var first = _stores.A.Run("build", "--progress=plain", "--authfile", _stores.AuthFile, "--cache-to", $"type=registry,ref={cache},mode=max", context);
        var second = _stores.B.Run("build", "--progress=plain", "--authfile", _stores.AuthFile,
            "--cache-from", $"type=registry,ref={registry.Host}/cache:other", "--cache-from", $"type=registry,ref={cache}", context);

        Assert.True(first.ExitCode == 0, first.ToGolden());
        Assert.True(second.ExitCode == 0, second.ToGolden());
        Assert.Equal(first.Stdout, second.Stdout);
        Assert.Equal(Every("CACHED"), Outcomes(second.Stderr));
        Assert.Contains($"#3 importing cache manifest from {cache}\n#3 4 cached steps\n", second.Stderr);
        Assert.Contains($"builder: warning: the build cache {registry.Host}/cache:other is not in the registry", second.Stderr);

        // The layout: an OCI image manifest whose config is the step list and whose layers are the cached layers.
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://{registry.Host}/v2/cache/manifests/1");
        request.Headers.Accept.ParseAdd("application/vnd.oci.image.manifest.v1+json");
        using var response = await http.SendAsync(request);
        using var manifest = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("application/vnd.oci.image.manifest.v1+json", manifest.RootElement.GetProperty("mediaType").GetString());
        var config = manifest.RootElement.GetProperty("config");
        Assert.Equal("application/vnd.builder.cache.config.v1+json", config.GetProperty("mediaType").GetString());
        var layers = manifest.RootElement.GetProperty("layers").EnumerateArray().ToList();
        Assert.Equal(3, layers.Count);
        Assert.All(layers, l => Assert.StartsWith("sha256:", l.GetProperty("annotations").GetProperty("containerd.io/uncompressed").GetString()));
        using var steps = JsonDocument.Parse(await http.GetStringAsync($"http://{registry.Host}/v2/cache/blobs/{config.GetProperty("digest").GetString()}"));
        Assert.Equal(4, steps.RootElement.GetProperty("steps").GetArrayLength());

        // Exporting the same cache again sends no layer: the registry has them all.
        var again = _stores.B.Run("build", "--progress=plain", "--authfile", _stores.AuthFile, "--cache-to", $"type=registry,ref={cache},mode=max", context);
        Assert.True(again.ExitCode == 0, again.ToGolden());
        Assert.Equal(Every("CACHED"), Outcomes(again.Stderr));
    }

    [ToolFact("docker-registry")]
    public async Task Mode_min_exports_only_the_target_stage_so_the_other_stage_runs_again()
    {
        using var registry = await RegistryServer.StartAsync();
        var context = Context();
        var cache = $"{registry.Host}/cache:min";

        var first = _stores.A.Run("build", "--progress=plain", "--authfile", _stores.AuthFile, "--cache-to", $"type=registry,ref={cache},mode=min", context);
        var second = _stores.B.Run("build", "--progress=plain", "--authfile", _stores.AuthFile, "--cache-from", $"type=registry,ref={cache}", context);

        Assert.True(first.ExitCode == 0, first.ToGolden());
        Assert.True(second.ExitCode == 0, second.ToGolden());
        var outcomes = Outcomes(second.Stderr);
        Assert.Equal("DONE", outcomes[DocsStep]);
        Assert.All(FinalSteps, s => Assert.Equal("CACHED", outcomes[s]));
        Assert.Equal(first.Stdout, second.Stdout);
    }

    [ToolFact("docker-registry")]
    public async Task A_missing_cache_is_a_warning_and_the_build_runs_every_step()
    {
        using var registry = await RegistryServer.StartAsync();

        var result = _stores.B.Run("build", "--progress=plain", "--authfile", _stores.AuthFile, "--cache-from", $"type=registry,ref={registry.Host}/nothing:1", Context());

        Assert.True(result.ExitCode == 0, result.ToGolden());
        Assert.Equal(Every("DONE"), Outcomes(result.Stderr));
        Assert.EndsWith(
            $"builder: warning: the build cache {registry.Host}/nothing:1 is not in the registry (no such tag or repository); building without it. The next --cache-to type=registry,ref={registry.Host}/nothing:1 writes it.\n",
            result.Stderr);
    }

    [ToolFact("docker-registry", "htpasswd")]
    public async Task Without_or_with_wrong_credentials_the_error_names_the_registry_and_says_to_log_in()
    {
        using var registry = await RegistryServer.StartAsync("erin", "pw");
        var context = Context();
        var cache = $"{registry.Host}/cache:1";

        var anonymous = _stores.A.Run("build", "-q", "--authfile", _stores.AuthFile, "--cache-to", $"type=registry,ref={cache}", context);
        Assert.Equal(1, anonymous.ExitCode);
        Assert.Matches(
            $"^builder: error: the image sha256:[0-9a-f]{{64}} is built and stored, but exporting the build cache to {Regex.Escape(cache)} failed: {Regex.Escape(registry.Host)} requires a login .*; run builder login {Regex.Escape(registry.Host)}\n$",
            anonymous.Stderr);

        new Cache.Registry.AuthFile(_stores.AuthFile).Save(registry.Host, new Cache.Registry.RegistryCredentials("erin", "wrong"));
        var wrong = _stores.B.Run("build", "-q", "--authfile", _stores.AuthFile, "--cache-from", $"type=registry,ref={cache}", context);
        Assert.Equal(1, wrong.ExitCode);
        Assert.StartsWith($"builder: error: --cache-from type=registry,ref={cache}: pulling {cache}: access denied for user erin (401 Unauthorized", wrong.Stderr);
        Assert.EndsWith($"run builder login {registry.Host} again\n", wrong.Stderr);
        Assert.Equal("", _stores.B.Ok("images", "-q").Stdout);

        Assert.Equal(0, CliHarness.RunWithStdin(_stores.A.Clock, "pw\n", "login", "-u", "erin", "--password-stdin", "--authfile", _stores.AuthFile, registry.Host).ExitCode);
        _stores.A.Ok("build", "--authfile", _stores.AuthFile, "--cache-to", $"type=registry,ref={cache},mode=max", context);
        var logged = _stores.B.Run("build", "--progress=plain", "--authfile", _stores.AuthFile, "--cache-from", $"type=registry,ref={cache}", context);
        Assert.True(logged.ExitCode == 0, logged.ToGolden());
        Assert.All(Outcomes(logged.Stderr).Values, o => Assert.Equal("CACHED", o));
    }

    [Fact]
    public void Cache_options_name_what_is_wrong()
    {
        var context = Context();

        Assert.Equal(
            "builder: error: --cache-to \"type=gha\": type=gha is not a cache type builder knows; use type=local,dest=DIR or type=registry,ref=REGISTRY/REPO:TAG.\n",
            _stores.A.Run("build", "--cache-to", "type=gha", context).Stderr);
        Assert.Equal(
            "builder: error: --cache-from \"type=registry\": name the cache with ref=REGISTRY/REPO:TAG.\n",
            _stores.A.Run("build", "--cache-from", "type=registry", context).Stderr);
        Assert.StartsWith(
            "builder: error: --cache-to \"type=registry,ref=localhost:5000/c@sha256:",
            _stores.A.Run("build", "--cache-to", $"type=registry,ref=localhost:5000/c@sha256:{new string('a', 64)}", context).Stderr);
        Assert.EndsWith(
            "a cache is pushed under a tag; name one (ref=localhost:5000/c:TAG).\n",
            _stores.A.Run("build", "--cache-to", $"type=registry,ref=localhost:5000/c@sha256:{new string('a', 64)}", context).Stderr);
    }

    [GeneratedRegex(@"(?m)^#(\d+) (.+)$")]
    private static partial Regex VertexName();

    [GeneratedRegex(@"(?m)^#(\d+) (CACHED|DONE)\b")]
    private static partial Regex VertexEnd();
}
