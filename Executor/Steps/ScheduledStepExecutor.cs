using System.Collections.Concurrent;
using Builder.Cache.Content;
using Builder.Cache.Oci;
using Builder.Executor.Caching;
using Builder.Planner.Model;
using Builder.Planner.Scheduling;

namespace Builder.Executor.Steps;

/// <summary>
/// The Planner's <see cref="IStepExecutor"/> for <c>builder build</c>: a step whose key has a
/// record in the step cache index is a cached result (unless <c>--no-cache</c>); any other step
/// runs through a <see cref="LocalStepExecutor"/> that writes its layers into <paramref name="staging"/>
/// (a content store under the store's temp folder). New layers and records are only held there:
/// once every step succeeded the build moves the layers into the store (<see cref="CommitLayers"/>)
/// and, after the export, saves the records (<see cref="CommitRecords"/>); a failed or cancelled
/// build deletes the staging folder and leaves the store and the cache index as they were.
/// </summary>
internal sealed class ScheduledStepExecutor(StepCacheIndex index, ContentStore store, ContentStore staging, LocalStepExecutor local, bool noCache) : IStepExecutor
{
    /// <summary><c>--cache-from</c> (folders, registry caches): looked up after the store's own index, in order; a hit is imported like a new result.</summary>
    public IReadOnlyList<IBuildCacheSource> Imports { get; init; } = [];

    private readonly ConcurrentDictionary<Digest, StepRecord> _pending = new();
    private readonly ConcurrentDictionary<Digest, StepRecord> _done = new();

    public async Task<StepResult> ExecuteAsync(BuildStep step, IReadOnlyDictionary<Digest, StepResult> inputs, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        if (!noCache && index.Find(step.Key) is { } found)
        {
            _done[step.Key] = found;
            return new StepResult(found, Cached: true);
        }

        if (!noCache && Imports.Select(i => (Cache: i, Record: i.Find(step.Key))).FirstOrDefault(f => f.Record is not null) is { Record: { } imported } hit)
        {
            if (imported.Layer is { } layer && !store.Exists(layer.Digest))
            {
                await hit.Cache.ImportLayerAsync(imported, staging, ct).ConfigureAwait(false);
            }

            _pending[step.Key] = imported;
            _done[step.Key] = imported;
            return new StepResult(imported, Cached: true);
        }

        var record = await local.RunAsync(step, _done, ct).ConfigureAwait(false);
        _pending[step.Key] = record;
        _done[step.Key] = record;
        return new StepResult(record);
    }

    /// <summary>Moves the new layer blobs from the staging store into the store (same file system: renames).</summary>
    public void CommitLayers()
    {
        foreach (var record in _pending.Values)
        {
            if (record.Layer is { } layer && !store.Exists(layer.Digest))
            {
                Directory.CreateDirectory(store.Root.Blobs);
                File.Move(staging.BlobPath(layer.Digest), store.BlobPath(layer.Digest), overwrite: true);
            }
        }
    }

    /// <summary>Saves the records of the steps that ran (call after the whole run succeeded).</summary>
    public void CommitRecords()
    {
        foreach (var (key, record) in _pending)
        {
            index.Save(key, record);
        }
    }
}
