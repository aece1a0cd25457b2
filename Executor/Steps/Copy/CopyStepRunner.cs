using System.Text;
using Builder.Cache.Content;
using Builder.Cache.Oci;
using Builder.Executor.Caching;
using Builder.Executor.Context;
using Builder.Planner.Model;

namespace Builder.Executor.Steps.Copy;

/// <summary>
/// Stages one COPY/ADD into a layer folder: owners resolved against the parent filesystem,
/// here-documents (0644 files, as BuildKit's inline documents), ADD's URLs and local archives,
/// then the context or <c>--from</c> sources through <see cref="CopyStager"/>.
/// </summary>
internal sealed class CopyStepRunner(ContentStore staging, ContentStore store, BuildContext context, DateTimeOffset now)
{
    /// <summary>When set, <c>COPY --from</c> reads the source through its snapshots.</summary>
    public Snapshots.Snapshotter? Snapshotter { get; init; }

    public async Task StageAsync(CopyStep step, IReadOnlyDictionary<Digest, StepRecord> records, LayerStaging layer, CancellationToken ct)
    {
        var owner = step.Chown is null ? ((uint, uint)?)null : ResolveOwner(step.Parent!, step.Chown, records, "--chown=" + step.Chown, ct);
        var chmod = ModeSpec.Parse(step.Chmod);
        var (uid, gid) = owner ?? (0, 0);
        var urls = step.Sources.Where(UrlSource.IsUrl).ToList();
        bool destIsDir = step.Destination.EndsWith('/') || step.Sources.Length + step.Heredocs.Length > 1 || layer.IsDirectory(step.Destination);
        var dest = step.Destination.TrimEnd('/');
        string Target(string name) => destIsDir ? dest + "/" + name : (dest.Length == 0 ? "/" : dest);

        foreach (var heredoc in step.Heredocs)
        {
            var mode = chmod?.Apply(0b110_100_100, isDirectory: false) ?? 0b110_100_100;
            layer.AddContent(Target(heredoc.Name), Encoding.UTF8.GetBytes(heredoc.Content), mode, uid, gid, now, uid, gid);
        }

        foreach (var url in urls)
        {
            var file = Path.Combine(staging.Root.Temp, "url-" + Guid.NewGuid().ToString("N"));
            try
            {
                var got = await UrlSource.DownloadAsync(url, step.Checksum, file, ct).ConfigureAwait(false);
                File.SetLastWriteTimeUtc(file, (got.LastModified ?? now).UtcDateTime);
                var mode = chmod?.Apply(0b110_000_000, isDirectory: false) ?? 0b110_000_000;
                layer.AddFile(Target(UrlSource.FileName(url)), file, mode, uid, gid, uid, gid);
            }
            finally
            {
                File.Delete(file);
            }
        }

        if (step.Source is StepCopySource from)
        {
            await StageFromAsync(step, from, records, layer, owner, chmod, ct).ConfigureAwait(false);
            return;
        }

        var sources = ((ContextCopySource)step.Source).Selection.Sources;
        var archives = step.IsAdd && step.Unpack != false ? FindArchives(step, sources) : [];
        new CopyStager(context, layer, owner, chmod).Stage(step, sources, keepOwners: false, skip: e => archives.ContainsKey(e.Path));
        foreach (var (path, kind) in archives)
        {
            await UnpackAsync(step, context.FullPath(context.Snapshot.Find(path)!), kind, layer, owner, chmod, ct).ConfigureAwait(false);
        }
    }

    /// <summary>The owner a <c>user[:group]</c> names in the filesystem under <paramref name="parent"/>.</summary>
    public (uint Uid, uint Gid) ResolveOwner(BuildStep parent, string spec, IReadOnlyDictionary<Digest, StepRecord> records, string what, CancellationToken ct)
    {
        if (!UserDatabase.NeedsLookup(spec))
        {
            return Ownership.ParseUser(spec)!.Value;
        }

        var chain = LayerChain.Of(parent, records, store, staging);
        var files = LayerFileReader.Read(chain, [UserDatabase.PasswdPath, UserDatabase.GroupPath], ct);
        return new UserDatabase(files[UserDatabase.PasswdPath], files[UserDatabase.GroupPath]).Resolve(spec, what);
    }

    private Dictionary<string, ArchiveExtractor.Kind> FindArchives(CopyStep step, IEnumerable<string> sources)
    {
        var found = new Dictionary<string, ArchiveExtractor.Kind>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            foreach (var match in CopySelection.Select(context, source, step.Excludes, step.Parents))
            {
                if (match.Root is { Type: Cache.Context.ContextEntryType.File } file && ArchiveExtractor.Detect(context.FullPath(file)) is { } kind)
                {
                    found[file.Path] = kind;
                }
            }
        }

        return found;
    }

    /// <summary>
    /// Unpacks into DEST (always a directory, merged with what is there): into a fresh folder
    /// first, then staged like <c>COPY --from</c> of it, so entries keep the archive's owners
    /// unless <c>--chown</c> (BuildKit passes its chown to the untar) and <c>--chmod</c> applies.
    /// </summary>
    private async Task UnpackAsync(CopyStep step, string archive, ArchiveExtractor.Kind kind, LayerStaging layer, (uint, uint)? owner, ModeSpec? chmod, CancellationToken ct)
    {
        var folder = Path.Combine(staging.Root.Temp, "unpack-" + Guid.NewGuid().ToString("N"));
        try
        {
            await ArchiveExtractor.ExtractAsync(archive, kind, folder, ct).ConfigureAwait(false);
            var into = step with { Destination = step.Destination.TrimEnd('/') + "/", Excludes = [], Parents = false, Heredocs = [] };
            new CopyStager(new BuildContext(folder, [], null), layer, owner, chmod).Stage(into, ["."], keepOwners: true);
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private async Task StageFromAsync(CopyStep copy, StepCopySource from, IReadOnlyDictionary<Digest, StepRecord> records, LayerStaging layer, (uint, uint)? owner, ModeSpec? chmod, CancellationToken ct)
    {
        var sources = copy.Sources.Select(s => s.TrimStart('/') is { Length: > 0 } relative ? relative : ".").ToList();
        if (Snapshotter is { Kind: Snapshots.SnapshotterKind.Overlay } snapshotter)
        {
            // The source's layers are already unpacked as snapshots: read them through an overlay
            // that is never committed instead of applying every layer into a folder again.
            await using var session = await snapshotter.PrepareAsync(Run.SnapshotChain.Of(from.Step, records), ct).ConfigureAwait(false);
            new CopyStager(new BuildContext(session.MergedPath, [], null), layer, owner, chmod).Stage(copy, sources, keepOwners: true);
            return;
        }

        var snapshot = Path.Combine(staging.Root.Temp, "from-" + Guid.NewGuid().ToString("N"));
        try
        {
            await SourceSnapshot.MaterializeAsync(from.Step, records, store, staging, snapshot, ct).ConfigureAwait(false);
            new CopyStager(new BuildContext(snapshot, [], null), layer, owner, chmod).Stage(copy, sources, keepOwners: true);
        }
        finally
        {
            if (Directory.Exists(snapshot))
            {
                Directory.Delete(snapshot, recursive: true);
            }
        }
    }
}
