using System.Buffers;
using System.Collections.Immutable;
using System.Formats.Tar;
using Builder.Cache.Layers.Native;

namespace Builder.Cache.Layers;

/// <summary>
/// Applies the entries of one layer, in tar order, under a root: the one mutable object of an
/// apply. Every name is normalised (<see cref="SafePath"/>), every parent is resolved with lstat
/// (<see cref="SafePathResolver"/>), and the last component is created or changed with calls that
/// never follow it. Directory modes and times are set at the end, after their contents.
/// </summary>
internal sealed partial class LayerApplierSession
{
    private const int CopyBufferSize = 1 << 17;

    private readonly SafePathResolver _paths;
    private readonly ApplyOptions _options;
    private readonly LayerApplierErrors _errors;
    private readonly bool _isRoot = ApplierLibC.IsRoot;

    /// <summary>Paths this layer created, with their ancestors: whiteouts only hide lower content.</summary>
    private readonly HashSet<string> _applied = new(StringComparer.Ordinal);
    private readonly ImmutableArray<ApplyWarning>.Builder _warnings = ImmutableArray.CreateBuilder<ApplyWarning>();

    private int _files;
    private int _directoryCount;
    private int _symlinks;
    private int _hardlinks;
    private int _devices;
    private int _fifos;
    private int _whiteouts;
    private int _opaque;
    private int _skipped;
    private long _fileBytes;

    public LayerApplierSession(string root, ApplyOptions options, LayerApplierErrors errors)
    {
        _paths = new SafePathResolver(root);
        _options = options;
        _errors = errors;
    }

    /// <summary>Whether the layer had an entry for the root directory itself ("./").</summary>
    public bool RootEntrySeen { get; private set; }

    public ApplyCounts Counts => new(_files, _directoryCount, _symlinks, _hardlinks, _devices, _fifos, _whiteouts, _opaque, _skipped, _fileBytes);

    public ImmutableArray<ApplyWarning> Warnings => _warnings.ToImmutable();

    public async Task ApplyAsync(LayerTarEntry tarEntry, CancellationToken cancellationToken)
    {
        var entry = tarEntry.Entry;
        if (entry.EntryType == TarEntryType.GlobalExtendedAttributes)
        {
            return; // archive-wide metadata (e.g. git archive's comment), not a file
        }

        var name = entry.Name;
        if (!SafePath.TryNormalize(name, out var path, out var problem))
        {
            throw _errors.Hostile(name, problem);
        }

        if (name.Contains('\uFFFD', StringComparison.Ordinal))
        {
            Warn(name, "its name is not valid UTF-8; it was written with U+FFFD in place of the invalid bytes");
        }

        try
        {
            if (IsAufsMetadata(path))
            {
                _skipped++;
                Warn(name, "is AUFS metadata (.wh..wh.*), not part of the file system; skipped");
                return;
            }

            if (path.Name.StartsWith(WhiteoutPrefix, StringComparison.Ordinal))
            {
                ApplyWhiteout(entry, path);
                return;
            }

            switch (entry.EntryType)
            {
                case TarEntryType.V7RegularFile when name.EndsWith('/'):
                case TarEntryType.Directory:
                    ApplyDirectory(tarEntry, path);
                    break;
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                    await ApplyFileAsync(tarEntry, path, cancellationToken).ConfigureAwait(false);
                    break;
                case TarEntryType.SymbolicLink:
                    ApplySymlink(tarEntry, path);
                    break;
                case TarEntryType.HardLink:
                    ApplyHardlink(entry, path);
                    break;
                case TarEntryType.CharacterDevice or TarEntryType.BlockDevice or TarEntryType.Fifo:
                    ApplySpecial(tarEntry, path);
                    break;
                default:
                    _skipped++;
                    Warn(name, $"has tar type '{(char)entry.EntryType}', which layers do not use; skipped");
                    break;
            }
        }
        catch (Exception e) when (TarEntryReader.IsMalformed(e))
        {
            throw _errors.Corrupt(name, $"has unreadable data ({e.Message})", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw _errors.Failed(name, e);
        }
    }

    private async Task ApplyFileAsync(LayerTarEntry tarEntry, LayerPath path, CancellationToken cancellationToken)
    {
        var entry = tarEntry.Entry;
        var host = PrepareLeaf(entry.Name, path, directory: false);
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew, // O_CREAT|O_EXCL: never opens through a symlink
            Access = FileAccess.Write,
            Share = FileShare.None,
            BufferSize = 0,
        };

        long written = 0;
        await using (var file = new FileStream(host, options))
        {
            if (entry.DataStream is { } data)
            {
                var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
                try
                {
                    int n;
                    while ((n = await data.ReadAsync(buffer.AsMemory(0, CopyBufferSize), cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        await file.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                        written += n;
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
        }

        if (written != entry.Length)
        {
            throw _errors.Corrupt(entry.Name, $"is truncated: its data ends after {written} of {entry.Length} bytes", null);
        }

        MarkApplied(path);
        SetMetadata(tarEntry, host, EntryKind.Other);
        _files++;
        _fileBytes += written;
    }

    private void ApplyDirectory(LayerTarEntry tarEntry, LayerPath path)
    {
        string host;
        if (path.IsRoot)
        {
            RootEntrySeen = true;
            host = _paths.Root;
        }
        else
        {
            host = PrepareLeaf(tarEntry.Entry.Name, path, directory: true);
            if (SafePathResolver.LStatHost(host) is null)
            {
                Errno.Check(ApplierLibC.Mkdir(host, 0x1C0 /* 0700 until its contents are written */), "mkdir", host);
            }

            MarkApplied(path);
        }

        SetMetadata(tarEntry, host, EntryKind.Directory);
        DeferDirectory(tarEntry.Entry, path);
        _directoryCount++;
    }

    private void ApplySymlink(LayerTarEntry tarEntry, LayerPath path)
    {
        var entry = tarEntry.Entry;
        var target = entry.LinkName;
        if (target.Contains('\0', StringComparison.Ordinal))
        {
            throw _errors.Hostile(entry.Name, "is a symlink whose target has a NUL byte");
        }

        if (target.Length == 0)
        {
            throw _errors.Corrupt(entry.Name, "is a symlink with an empty target", null);
        }

        var host = PrepareLeaf(entry.Name, path, directory: false);
        Errno.Check(ApplierLibC.Symlink(target, host), "symlink", host); // never followed: only ever lstat'ed
        MarkApplied(path);
        SetMetadata(tarEntry, host, EntryKind.Symlink);
        _symlinks++;
    }

    /// <summary>
    /// A hardlink's target is a root-relative name that must already exist under the root (applied
    /// earlier by this layer, or below it), reached without a symlink, and not be a directory.
    /// The link shares the target's inode, so no metadata is set.
    /// </summary>
    private void ApplyHardlink(TarEntry entry, LayerPath path)
    {
        var linkName = entry.LinkName;
        if (!SafePath.TryNormalize(linkName, out var target, out var problem))
        {
            throw _errors.Hostile(entry.Name, $"is a hardlink whose target '{LayerApplierErrors.Printable(linkName)}' {problem}");
        }

        if (target.IsRoot || target == path)
        {
            throw _errors.Hostile(entry.Name, $"is a hardlink to '{linkName}', which is the root or the entry itself");
        }

        var check = _paths.CheckParents(target, create: false);
        if (check.Status is ParentStatus.Symlink or ParentStatus.NotDirectory)
        {
            throw _errors.Hostile(entry.Name, $"is a hardlink to '{linkName}', which {check.Describe()}");
        }

        var targetStat = check.IsOk ? _paths.LStat(target) : null;
        if (targetStat is not { } st)
        {
            throw _errors.Hostile(entry.Name, $"is a hardlink to '{linkName}', which does not exist in the layer or below it");
        }

        if (st.IsDirectory)
        {
            throw _errors.Hostile(entry.Name, $"is a hardlink to '{linkName}', which is a directory");
        }

        var host = PrepareLeaf(entry.Name, path, directory: false);
        var targetHost = _paths.HostPath(target);
        Errno.Check(ApplierLibC.Link(targetHost, host), "link", host);
        MarkApplied(path);
        _hardlinks++;
    }

    private void ApplySpecial(LayerTarEntry tarEntry, LayerPath path)
    {
        var entry = tarEntry.Entry;
        bool fifo = entry.EntryType == TarEntryType.Fifo;
        string kind = fifo ? "fifo" : entry.EntryType == TarEntryType.CharacterDevice ? "character device" : "block device";
        if (!fifo && !_isRoot)
        {
            _skipped++;
            Warn(entry.Name, $"is a {kind}, which only root can create; skipped");
            return;
        }

        uint type = fifo ? ApplierLibC.S_IFIFO : entry.EntryType == TarEntryType.CharacterDevice ? ApplierLibC.S_IFCHR : ApplierLibC.S_IFBLK;
        ulong device = fifo || entry is not PosixTarEntry posix ? 0 : ApplierLibC.MakeDev((uint)posix.DeviceMajor, (uint)posix.DeviceMinor);
        var host = PrepareLeaf(entry.Name, path, directory: false);
        int rc = ApplierLibC.Mknod(host, type | 0x180 /* 0600 until its mode is set */, device);
        if (rc == -ApplierLibC.EPERM && !fifo)
        {
            _skipped++;
            Warn(entry.Name, $"is a {kind}, which this process may not create (mknod: {ApplierLibC.Describe(rc)}); skipped");
            return;
        }

        Errno.Check(rc, "mknod", host);
        MarkApplied(path);
        SetMetadata(tarEntry, host, EntryKind.Other);
        if (fifo)
        {
            _fifos++;
        }
        else
        {
            _devices++;
        }
    }

    /// <summary>
    /// Makes room for a new entry: checks (and creates) its parents, then removes whatever is at
    /// the path unless both are directories, as the OCI changeset rules say. Returns the host path.
    /// </summary>
    private string PrepareLeaf(string name, LayerPath path, bool directory)
    {
        if (path.IsRoot)
        {
            throw _errors.Hostile(name, "would replace the root directory with a non-directory");
        }

        var check = _paths.CheckParents(path, create: true, created: MarkApplied);
        if (!check.IsOk)
        {
            throw _errors.Hostile(name, check.Describe());
        }

        var host = _paths.HostPath(path);
        if (SafePathResolver.LStatHost(host) is { } existing && !(directory && existing.IsDirectory))
        {
            SafePathResolver.RemoveAll(host);
        }

        return host;
    }

    private void MarkApplied(LayerPath path)
    {
        if (!_applied.Add(path.Value))
        {
            return;
        }

        for (var p = path.Parent; !p.IsRoot && _applied.Add(p.Value); p = p.Parent)
        {
        }
    }

    private void Warn(string entry, string message) => _warnings.Add(new ApplyWarning(entry, message));
}
