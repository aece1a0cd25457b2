using Builder.Cache.Content;
using Builder.Cache.Layers;
using Builder.Cache.Oci;
using Builder.Executor.Caching;
using Builder.Executor.Context;
using Builder.Executor.Snapshots;
using Builder.Executor.Steps.Copy;
using Builder.Planner.Model;

namespace Builder.Executor.Steps;

/// <summary>
/// Runs base, config, WORKDIR and COPY/ADD steps (<see cref="CopyStepRunner"/>): the filesystem ones are staged in a temp
/// folder under the store root and written as one deterministic gzip layer into the content store.
/// Unsupported steps were rejected before execution (<see cref="StepSupport"/>). It never touches
/// the cache index and starts no concurrent work: <see cref="ScheduledStepExecutor"/> drives it
/// for the Planner's scheduler.
/// </summary>
public sealed class LocalStepExecutor(ContentStore content, BuildContext context, TimeProvider time, DateTimeOffset? sourceDateEpoch)
{
    /// <summary>Runs RUN steps (null: none in this build).</summary>
    internal Run.RunEnvironment? Runs { get; init; }

    /// <summary>When it mounts overlays: WORKDIR and COPY/ADD are staged on the parent's tree (else in an empty folder).</summary>
    internal Snapshotter? Snapshotter { get; init; }

    /// <summary>How the layers of this build are written (compression; SOURCE_DATE_EPOCH clamps mtimes).</summary>
    internal LayerWriterOptions LayerOptions { get; init; } = new() { SourceDateEpoch = sourceDateEpoch };

    /// <summary>Collects the output of steps for the progress.</summary>
    internal Progress.StepLogs Logs { get; init; } = new();

    /// <summary>Where <c>COPY --from</c> finds layers that were not made in this build (base images, cached steps).</summary>
    public ContentStore? Store { get; init; }

    /// <summary>
    /// Runs <paramref name="step"/>; <paramref name="records"/> holds the results of the steps
    /// done so far in this build (a <c>COPY --from</c> reads its source chain's layers from them).
    /// </summary>
    public async Task<StepRecord> RunAsync(BuildStep step, IReadOnlyDictionary<Digest, StepRecord> records, CancellationToken cancellationToken)
    {
        var now = sourceDateEpoch ?? TruncateToSeconds(time.GetUtcNow());
        switch (step)
        {
            case ScratchStep or ImageStep or ConfigStep:
                return new StepRecord(null, null, now);
            case RunStep run:
                return await (Runs ?? throw new InvalidOperationException("RUN steps need a run environment"))
                    .RunAsync(run, records, now, Logs.For(run), cancellationToken).ConfigureAwait(false);
            case MkdirStep or CopyStep when Snapshotter is { Kind: SnapshotterKind.Overlay } snapshots:
            {
                // On the parent's tree: existing directories keep their metadata and an existing
                // directory as destination receives the file, as in BuildKit; the upper dir is the layer.
                var chain = Run.SnapshotChain.Of(step.Parent!, records);
                await using var session = await snapshots.PrepareAsync(chain, cancellationToken).ConfigureAwait(false);
                await StageAsync(step, records, LayerStaging.OverRootfs(session.MergedPath, now), now, cancellationToken).ConfigureAwait(false);
                var layer = await session.CommitAsync(new LayerWriter(content, LayerOptions), cancellationToken).ConfigureAwait(false);
                session.KeepAsSnapshot(snapshots.Snapshots, [.. chain, new LayerRef(layer.Blob, layer.DiffId)]);
                return new StepRecord(layer.Blob, layer.DiffId, now);
            }

            case MkdirStep or CopyStep:
            {
                var staging = new LayerStaging(Path.Combine(content.Root.Temp, "build-" + Guid.NewGuid().ToString("N")), now);
                try
                {
                    await StageAsync(step, records, staging, now, cancellationToken).ConfigureAwait(false);
                    var writer = new LayerWriter(content, LayerOptions);
                    var layer = await Task.Run(() => writer.Write(LayerSource.Directory(staging.Root), cancellationToken), cancellationToken).ConfigureAwait(false);
                    return new StepRecord(layer.Blob, layer.DiffId, now);
                }
                finally
                {
                    staging.Delete();
                }
            }

            default:
                throw new NotSupportedException($"{step.GetType().Name} steps are rejected before execution");
        }
    }

    private async Task StageAsync(BuildStep step, IReadOnlyDictionary<Digest, StepRecord> records, LayerStaging staging, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var copies = new CopyStepRunner(content, Store ?? content, context, now) { Snapshotter = Snapshotter };
        if (step is MkdirStep mkdir)
        {
            var (uid, gid) = mkdir.User is null ? (0u, 0u) : copies.ResolveOwner(mkdir.Parent!, mkdir.User, records, "USER " + mkdir.User, cancellationToken);
            staging.EnsureDirectory(mkdir.Path, uid, gid);
        }
        else
        {
            await copies.StageAsync((CopyStep)step, records, staging, cancellationToken).ConfigureAwait(false);
        }

        staging.FinishTimes();
    }

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset t) => DateTimeOffset.FromUnixTimeSeconds(t.ToUnixTimeSeconds());
}
