using System.Collections.Immutable;
using Builder.Cache;
using Builder.Cache.Content;
using Builder.Cache.Layers;
using Builder.Cache.Oci;
using Builder.Executor.Caching;
using Builder.Executor.Context;
using Builder.Executor.Sandbox;
using Builder.Executor.Secrets;
using Builder.Executor.Snapshots;
using Builder.Planner.Model;

namespace Builder.Executor.Run;

/// <summary>What every RUN of one build shares: the store, the context, the secrets, the snapshotter and the sandbox.</summary>
internal sealed record RunEnvironment(
    StoreRoot Root,
    BuildContext Context,
    ImmutableArray<SecretSource> Secrets,
    Snapshotter Snapshotter,
    SandboxRunner Sandbox,
    ContentStore Staging,
    LayerWriterOptions LayerOptions)
{
    /// <summary>A build's snapshotter: snapshots read blobs from the store, then the build's staging store.</summary>
    public static Snapshotter CreateSnapshotter(StoreRoot root, ContentStore store, ContentStore staging, SnapshotterKind? kind = null) =>
        new(root, new SnapshotStore(root, store, staging), kind);

    public Task<StepRecord> RunAsync(RunStep step, IReadOnlyDictionary<Digest, StepRecord> records, DateTimeOffset created, Action<string> log, CancellationToken ct)
    {
        var sources = new RunMountSources(Root, Context, Secrets, new CacheMounts(Root), Snapshotter, s => SnapshotChain.Of(s, records));
        return new RunStepRunner(sources, Sandbox, Staging, LayerOptions).RunAsync(step, created, log, ct);
    }
}
