using Builder.Cache.Context;
using Builder.Executor.Context;
using Builder.Executor.Steps.Copy;
using Builder.Planner.Model;

namespace Builder.Executor.Steps;

/// <summary>
/// Stages a COPY/ADD from the context (or, for <c>--from</c>, from a root filesystem read as a
/// context) as BuildKit lays it out: a directory source copies its contents; a file goes to DEST,
/// or into DEST when DEST ends with <c>/</c> or there are several sources or a glob; with
/// <c>--parents</c> every entry keeps its path relative to the pivot (the part before <c>/./</c>,
/// else the root) under DEST; <c>--exclude</c> entries are left out (<see cref="CopySelection"/>).
/// Owners are <paramref name="owner"/> (<c>--chown</c>, resolved by the caller), else the
/// source's for <c>--from</c>, else 0:0; modes <c>--chmod</c> applied to the source's; file
/// mtimes kept; missing parents created 0755.
/// </summary>
internal sealed class CopyStager(BuildContext context, LayerStaging staging, (uint Uid, uint Gid)? owner, ModeSpec? chmod)
{
    public void Stage(CopyStep step, IReadOnlyList<string> sources, bool keepOwners, Func<ContextEntry, bool>? skip = null)
    {
        var (uid, gid) = owner ?? (0, 0);
        bool ownersFromSource = keepOwners && owner is null;
        var perSource = sources.Select(s => CopySelection.Select(context, s, step.Excludes, step.Parents)).ToList();
        if (keepOwners && sources.Zip(perSource).FirstOrDefault(p => p.Second.IsEmpty) is { First: { } missing })
        {
            throw new IOException($"\"{missing}\" not found in {(step.Source as StepCopySource)?.From ?? "the source"}; check the path in that stage or image.");
        }

        bool destIsDir = step.Destination.EndsWith('/')
            || step.Parents
            || Math.Max(sources.Count, step.Sources.Length) + step.Heredocs.Length > 1
            || sources.Any(Glob.HasMeta)
            || perSource.Sum(m => m.Length) > 1
            || staging.IsDirectory(step.Destination); // an existing directory: the file goes into it, as in BuildKit
        var dest = step.Destination.TrimEnd('/');

        foreach (var (source, matches) in sources.Zip(perSource))
        {
            var pivot = CopySelection.SplitPivot(source).Pivot;
            foreach (var match in matches)
            {
                if (step.Parents)
                {
                    StageWithParents(match, pivot, dest, uid, gid, ownersFromSource);
                }
                else if (match.IsDirectory)
                {
                    staging.EnsureDirectory(dest, uid, gid);
                    var root = match.Root?.Path ?? string.Empty;
                    foreach (var entry in match.Below)
                    {
                        Add(entry, Join(dest, CopySelection.Under(root, entry.Path)), uid, gid, ownersFromSource);
                    }
                }
                else
                {
                    var root = match.Root!;
                    var target = destIsDir ? Join(dest, Path.GetFileName(root.Path)) : (dest.Length == 0 ? "/" : dest);
                    if (skip?.Invoke(root) != true) // ADD extracts archives itself
                    {
                        Add(root, target, uid, gid, ownersFromSource);
                    }
                }
            }
        }

        staging.CopyPendingFiles(); // while the sources are there
    }

    private void StageWithParents(ContextMatch match, string pivot, string dest, uint uid, uint gid, bool ownersFromSource)
    {
        staging.EnsureDirectory(dest, uid, gid);
        if (match.Root is { } root)
        {
            // the directories between the pivot and the match keep their own metadata, as BuildKit's copier creates them
            var relative = CopySelection.Under(pivot, root.Path);
            var parts = relative.Split('/');
            var at = pivot;
            for (int i = 0; i < parts.Length - 1; i++)
            {
                at = at.Length == 0 ? parts[i] : at + "/" + parts[i];
                if (context.Snapshot.Find(at) is { IsDirectory: true } dir)
                {
                    Add(dir, Join(dest, CopySelection.Under(pivot, at)), uid, gid, ownersFromSource);
                }
            }

            Add(root, Join(dest, relative), uid, gid, ownersFromSource);
        }

        foreach (var entry in match.Below)
        {
            Add(entry, Join(dest, CopySelection.Under(pivot, entry.Path)), uid, gid, ownersFromSource);
        }
    }

    private void Add(ContextEntry entry, string imagePath, uint parentUid, uint parentGid, bool ownersFromSource)
    {
        var source = context.FullPath(entry);
        var (uid, gid) = ownersFromSource ? (entry.Uid, entry.Gid) : (parentUid, parentGid);
        uint Mode() => chmod?.Apply(entry.Mode, entry.IsDirectory) ?? entry.Mode;
        switch (entry.Type)
        {
            case ContextEntryType.Directory:
                staging.AddDirectory(imagePath, Mode(), uid, gid, Directory.GetLastWriteTimeUtc(source), parentUid, parentGid);
                break;
            case ContextEntryType.File:
                staging.QueueFile(imagePath, source, Mode(), uid, gid, parentUid, parentGid);
                break;
            case ContextEntryType.Symlink:
                staging.AddSymlink(imagePath, entry.LinkTarget!, uid, gid, parentUid, parentGid);
                break;
            default:
                break; // sockets, fifos and devices of a context are not copied
        }
    }

    private static string Join(string dir, string name) => name.Length == 0 ? (dir.Length == 0 ? "/" : dir) : dir.TrimEnd('/') + "/" + name;
}
