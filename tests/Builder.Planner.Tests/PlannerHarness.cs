using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using Builder.Cache.Oci;
using Builder.Parser;
using Builder.Planner.Context;
using Builder.Planner.Images;
using Builder.Planner.Model;

namespace Builder.Planner.Tests;

/// <summary>A busybox-like image store and a context made of named files, for planning without I/O.</summary>
internal sealed class FakeImages : IBaseImageResolver
{
    public static readonly ImageConfig BusyboxConfig = new()
    {
        Created = DateTimeOffset.Parse("2024-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
        Architecture = "amd64",
        Os = "linux",
        Config = new ContainerConfig { Env = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"], Cmd = ["sh"] },
        RootFs = new RootFs("layers", [Digest.Compute("busybox layer"u8)]),
        History = [new HistoryEntry { Created = DateTimeOffset.Parse("2024-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), CreatedBy = "busybox-static rootfs" }],
    };

    public Dictionary<string, BaseImage> Images { get; } = new(StringComparer.Ordinal)
    {
        ["localbase/busybox:1"] = new("localbase/busybox:1", Digest.Compute("busybox manifest"u8), BusyboxConfig,
            [new Descriptor(MediaTypes.OciLayerGzip, Digest.Compute("busybox blob"u8), 1000)]),
    };

    public BaseImage? Resolve(string reference, Platform platform, out string? error)
    {
        error = Images.ContainsKey(reference) ? null : $"image \"{reference}\" is not in the store";
        return Images.GetValueOrDefault(reference);
    }
}

/// <summary>Digests a selection as the files whose names start with a source pattern (no globbing): name and content.</summary>
internal sealed class FakeContext : IContextDigester
{
    public Dictionary<string, string> Files { get; } = new(StringComparer.Ordinal);

    public List<ContextSelection> Requests { get; } = [];

    public Digest DigestOf(ContextSelection selection)
    {
        Requests.Add(selection);
        var sb = new StringBuilder();
        foreach (var (name, content) in Files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            if (selection.Sources.Any(s => s == "." || name == s || name.StartsWith(s.TrimEnd('/') + "/", StringComparison.Ordinal))
                && !selection.Excludes.Contains(name))
            {
                sb.Append(name).Append('\0').Append(content).Append('\0');
            }
        }

        return Digest.FromHash(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }
}

internal static class PlannerHarness
{
    public static BuildPlan Plan(string dockerfile, PlanOptions? options = null, FakeContext? context = null, FakeImages? images = null) =>
        BuildPlanner.Plan(Dockerfile.Parse(dockerfile), options ?? new PlanOptions(), images ?? new FakeImages(), context ?? new FakeContext());

    public static PlanOptions Args(params (string Key, string Value)[] args) =>
        new() { BuildArgs = args.ToImmutableDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal) };

    public static BuildPlan Ok(BuildPlan plan)
    {
        Xunit.Assert.False(plan.HasErrors, string.Join("\n", plan.Diagnostics.Select(d => d.Id + " " + d.Message)));
        return plan;
    }

    /// <summary>One line per step of the target's chain: kind, key, created_by.</summary>
    public static string KeyLines(BuildPlan plan) =>
        string.Join("\n", plan.Stages.SelectMany(s => s.Steps.Select(step =>
            $"{s.Index} {step.GetType().Name.Replace("Step", string.Empty, StringComparison.Ordinal).ToLowerInvariant(),-7} {step.Key} {Describe(step)}"))) + "\n";

    public static string Describe(BuildStep step) => step switch
    {
        ConfigStep c => c.CreatedBy.Length == 0 ? c.Instruction.ToUpperInvariant() : c.CreatedBy,
        ScratchStep => "FROM scratch",
        _ => step.CreatedBy,
    };
}
