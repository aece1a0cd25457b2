using Builder.Cache.Content;
using Builder.Cache.Layers;
using Builder.Cache.Oci;
using Builder.Executor.Caching;
using Builder.Executor.Context;
using Builder.Planner.Model;

namespace Builder.Executor.Steps;

/// <summary>
/// Runs base, config, WORKDIR and context COPY steps: the filesystem ones are staged in a temp
/// folder under the store root and written as one deterministic gzip layer into the content store.
/// Unsupported steps were rejected before execution (<see cref="StepSupport"/>). It never touches
/// the cache index and starts no concurrent work: <see cref="ScheduledStepExecutor"/> drives it
/// for the Planner's scheduler.
/// </summary>
public sealed class LocalStepExecutor(ContentStore content, BuildContext context, TimeProvider time, DateTimeOffset? sourceDateEpoch)
{
    /// <summary>Runs RUN steps (null: none in this build).</summary>
    internal Run.RunEnvironment? Runs { get; init; }

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
            case MkdirStep or CopyStep:
                var staging = new LayerStaging(Path.Combine(content.Root.Temp, "build-" + Guid.NewGuid().ToString("N")), now);
                try
                {
                    if (step is MkdirStep mkdir)
                    {
                        var (uid, gid) = Ownership.ParseUser(mkdir.User) ?? throw new InvalidOperationException("user names are rejected before execution");
                        staging.EnsureDirectory(mkdir.Path, uid, gid);
                    }
                    else if (step is CopyStep { Source: StepCopySource from } copy)
                    {
                        await StageFromAsync(copy, from, records, staging, cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        new CopyStager(context, staging).Stage((CopyStep)step);
                    }

                    staging.FinishTimes();
                    var writer = new LayerWriter(content, new LayerWriterOptions { SourceDateEpoch = sourceDateEpoch });
                    var layer = await Task.Run(() => writer.Write(LayerSource.Directory(staging.Root), cancellationToken), cancellationToken).ConfigureAwait(false);
                    return new StepRecord(layer.Blob, layer.DiffId, now);
                }
                finally
                {
                    staging.Delete();
                }

            default:
                throw new NotSupportedException($"{step.GetType().Name} steps are rejected before execution");
        }
    }

    private async Task StageFromAsync(CopyStep copy, StepCopySource from, IReadOnlyDictionary<Digest, StepRecord> records, LayerStaging staging, CancellationToken ct)
    {
        var snapshot = Path.Combine(content.Root.Temp, "from-" + Guid.NewGuid().ToString("N"));
        try
        {
            await SourceSnapshot.MaterializeAsync(from.Step, records, Store ?? content, content, snapshot, ct).ConfigureAwait(false);
            var sources = copy.Sources.Select(s => s.TrimStart('/') is { Length: > 0 } relative ? relative : ".").ToList();
            new CopyStager(new BuildContext(snapshot, [], null), staging).Stage(copy, sources, keepOwners: true);
        }
        finally
        {
            if (Directory.Exists(snapshot))
            {
                Directory.Delete(snapshot, recursive: true);
            }
        }
    }

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset t) => DateTimeOffset.FromUnixTimeSeconds(t.ToUnixTimeSeconds());
}
