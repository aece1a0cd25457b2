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
internal sealed class CopyStager(BuildContext context, LayerStaging staging)
{
    public void Stage(CopyStep step)
    {
        var selection = ((ContextCopySource)step.Source).Selection;
        var (uid, gid) = Ownership.ParseUser(step.Chown) ?? throw new InvalidOperationException("--chown names are rejected before execution");
        var chmod = Ownership.ParseMode(step.Chmod);
        var perSource = selection.Sources.Select(context.Resolve).ToList();
        bool destIsDir = step.Destination.EndsWith('/')
            || selection.Sources.Length > 1
            || selection.Sources.Any(Glob.HasMeta)
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
                    Add(entry, Join(dest, entry.Path[prefix..]), uid, gid, chmod);
                }
            }
            else
            {
                var root = match.Root!;
                var target = destIsDir ? Join(dest, Path.GetFileName(root.Path)) : (dest.Length == 0 ? "/" : dest);
                Add(root, target, uid, gid, chmod);
            }
        }
    }

    private void Add(ContextEntry entry, string imagePath, uint uid, uint gid, uint? chmod)
    {
        var source = context.FullPath(entry);
        switch (entry.Type)
        {
            case ContextEntryType.Directory:
                staging.AddDirectory(imagePath, chmod ?? entry.Mode, uid, gid, Directory.GetLastWriteTimeUtc(source), uid, gid);
                break;
            case ContextEntryType.File:
                staging.AddFile(imagePath, source, chmod ?? entry.Mode, uid, gid, uid, gid);
                break;
            case ContextEntryType.Symlink:
                staging.AddSymlink(imagePath, entry.LinkTarget!, uid, gid, uid, gid);
                break;
            default:
                break; // sockets, fifos and devices of a context are not copied
        }
    }

    private static string Join(string dir, string name) => dir.TrimEnd('/') + "/" + name;
}
