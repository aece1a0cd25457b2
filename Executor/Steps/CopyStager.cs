using Builder.Cache.Context;
using Builder.Executor.Context;
using Builder.Planner.Model;

namespace Builder.Executor.Steps;

/// <summary>
/// Stages a context COPY as BuildKit lays it out: a directory source copies its contents; a file
/// goes to DEST, or into DEST when DEST ends with <c>/</c> or there are several sources or a glob;
/// owners are 0:0 unless <c>--chown</c>, modes the context's unless <c>--chmod</c> (files and
/// directories), file mtimes kept, missing parents created 0755.
/// </summary>
/// <remarks>
/// <c>COPY --from</c> stages from another stage's or image's root filesystem read as a context
/// (<paramref name="context"/> is then that snapshot, with <c>keepOwners</c>): owners are the
/// source's unless <c>--chown</c>, as in BuildKit; a source that matches nothing is an error.
/// </remarks>
internal sealed class CopyStager(BuildContext context, LayerStaging staging)
{
    public void Stage(CopyStep step) => Stage(step, ((ContextCopySource)step.Source).Selection.Sources, keepOwners: false);

    public void Stage(CopyStep step, IReadOnlyList<string> sources, bool keepOwners)
    {
        var (uid, gid) = Ownership.ParseUser(step.Chown) ?? throw new InvalidOperationException("--chown names are rejected before execution");
        bool ownersFromSource = keepOwners && step.Chown is null;
        var chmod = Ownership.ParseMode(step.Chmod);
        var perSource = sources.Select(context.Resolve).ToList();
        if (keepOwners && sources.Zip(perSource).FirstOrDefault(p => p.Second.IsEmpty) is { First: { } missing })
        {
            throw new IOException($"\"{missing}\" not found in {(step.Source as StepCopySource)?.From ?? "the source"}");
        }

        bool destIsDir = step.Destination.EndsWith('/')
            || sources.Count > 1
            || sources.Any(Glob.HasMeta)
            || perSource.Sum(m => m.Length) > 1;
        var dest = step.Destination.TrimEnd('/');

        foreach (var match in perSource.SelectMany(m => m))
        {
            if (match.IsDirectory)
            {
                staging.EnsureDirectory(dest, uid, gid);
                int prefix = match.Root is null ? 0 : match.Root.Path.Length + 1;
                foreach (var entry in match.Below)
                {
                    Add(entry, Join(dest, entry.Path[prefix..]), uid, gid, chmod, ownersFromSource);
                }
            }
            else
            {
                var root = match.Root!;
                var target = destIsDir ? Join(dest, Path.GetFileName(root.Path)) : (dest.Length == 0 ? "/" : dest);
                Add(root, target, uid, gid, chmod, ownersFromSource);
            }
        }
    }

    private void Add(ContextEntry entry, string imagePath, uint parentUid, uint parentGid, uint? chmod, bool ownersFromSource)
    {
        var source = context.FullPath(entry);
        var (uid, gid) = ownersFromSource ? (entry.Uid, entry.Gid) : (parentUid, parentGid);
        switch (entry.Type)
        {
            case ContextEntryType.Directory:
                staging.AddDirectory(imagePath, chmod ?? entry.Mode, uid, gid, Directory.GetLastWriteTimeUtc(source), parentUid, parentGid);
                break;
            case ContextEntryType.File:
                staging.AddFile(imagePath, source, chmod ?? entry.Mode, uid, gid, parentUid, parentGid);
                break;
            case ContextEntryType.Symlink:
                staging.AddSymlink(imagePath, entry.LinkTarget!, uid, gid, parentUid, parentGid);
                break;
            default:
                break; // sockets, fifos and devices of a context are not copied
        }
    }

    private static string Join(string dir, string name) => dir.TrimEnd('/') + "/" + name;
}
