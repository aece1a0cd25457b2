using System.Collections.Immutable;
using Builder.Cache;
using Builder.Cache.Images;
using Builder.Cache.Layers;
using Builder.Cache.Oci;
using Builder.Planner.Scheduling;
using Builder.TestKit;

namespace Builder.Executor.Tests;

/// <summary>A temp store and context; builds with <see cref="ImageBuilder"/> and keeps the progress text.</summary>
internal sealed class BuildHarness : IDisposable
{
    private readonly TempDirectory _temp = new("executor-test");

    public BuildHarness()
    {
        Directory.CreateDirectory(Context);
        Store = new ImageStore(new StoreRoot(_temp.Combine("store")).EnsureCreated());
    }

    public string Context => _temp.Combine("ctx");

    public ImageStore Store { get; }

    public string Progress { get; private set; } = string.Empty;

    /// <summary>The stage the next builds stop at (<c>--target</c>); null = the last one.</summary>
    public string? Target { get; set; }

    /// <summary>The Dockerfile's name in the context for the next builds (<c>-f</c>).</summary>
    public string DockerfileName { get; set; } = "Dockerfile";

    /// <summary>The snapshotter RUN steps use (null: the automatic choice).</summary>
    public Builder.Executor.Snapshots.SnapshotterKind? Snapshotter { get; set; }

    /// <summary><c>--secret</c>s for the next builds.</summary>
    public List<Builder.Executor.Secrets.SecretSource> Secrets { get; } = [];

    /// <summary><c>--network</c> for the next builds.</summary>
    public Builder.Parser.Instructions.NetworkMode Network { get; set; }

    /// <summary>Whether the next builds ask for <c>--explain</c>.</summary>
    public bool Explain { get; set; }

    /// <summary><c>--build-arg</c>s for the next builds.</summary>
    public Dictionary<string, string> BuildArgs { get; } = [];

    public string Write(string relative, string content)
    {
        var path = Path.Combine(Context, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public Task<BuildResult> BuildAsync(string dockerfile, params string[] tags) => BuildAsync(dockerfile, null, tags);

    public Task<BuildResult> BuildAsync(string dockerfile, DateTimeOffset? sourceDateEpoch, params string[] tags) => BuildAsync(dockerfile, sourceDateEpoch, CancellationToken.None, tags);

    public async Task<BuildResult> BuildAsync(string dockerfile, DateTimeOffset? sourceDateEpoch, CancellationToken cancellationToken, params string[] tags)
    {
        var path = Write(DockerfileName, dockerfile);
        var progress = new StringWriter();
        var request = new BuildRequest(Context) { DockerfilePath = path, Tags = [.. tags], SourceDateEpoch = sourceDateEpoch, Target = Target, Explain = Explain, BuildArgs = BuildArgs.ToImmutableDictionary(), Secrets = [.. Secrets], Network = Network };
        var result = await new ImageBuilder(Store, progress) { SnapshotterKind = Snapshotter }.BuildAsync(request, cancellationToken);
        Progress = progress.ToString();
        return result;
    }

    /// <summary>Builds with <paramref name="jobs"/>, the step executor wrapped by <paramref name="decorator"/> and the scheduler's events copied to <paramref name="observer"/>.</summary>
    public async Task<BuildResult> BuildAsync(string dockerfile, int jobs, Func<IStepExecutor, IStepExecutor>? decorator, IProgressSink? observer = null, CancellationToken cancellationToken = default)
    {
        Write("Dockerfile", dockerfile);
        var progress = new StringWriter();
        try
        {
            var builder = new ImageBuilder(Store, progress) { ExecutorDecorator = decorator, ProgressObserver = observer };
            return await builder.BuildAsync(new BuildRequest(Context) { Jobs = jobs, Target = Target }, cancellationToken);
        }
        finally
        {
            Progress = progress.ToString();
        }
    }

    /// <summary>The progress line that follows the vertex whose name contains <paramref name="name"/>: "DONE …" or "CACHED".</summary>
    public string StatusOf(string name)
    {
        var lines = Progress.Split('\n');
        var start = lines.First(l => l.Contains(name, StringComparison.Ordinal));
        var number = start.Split(' ')[0];
        var status = lines.Last(l => l.StartsWith(number + " ", StringComparison.Ordinal)).Substring(number.Length + 1);
        return status.StartsWith("DONE", StringComparison.Ordinal) ? "DONE" : status.TrimEnd('\r');
    }

    public ImageConfig ConfigOf(StoredImage image) => Store.Content.ReadJson<ImageConfig>(image.Manifest.Config.Digest);

    /// <summary>Unpacks the image's layers, in order, into a new folder.</summary>
    public async Task<string> UnpackAsync(StoredImage image)
    {
        var target = _temp.Combine("rootfs-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(target);
        foreach (var layer in image.Manifest.Layers)
        {
            await using var blob = Store.Content.OpenRead(layer.Digest);
            await LayerApplier.ApplyAsync(blob, MediaTypes.CompressionOf(layer.MediaType), target, new ApplyOptions { Target = ApplyTarget.Existing }, CancellationToken.None);
        }

        return target;
    }

    /// <summary>
    /// Every file under the store root with its length (to show a failed build wrote nothing), but
    /// the context stat memo: planning walks the context, and the memo only speeds up the next walk.
    /// </summary>
    public string StoreListing() => string.Join("\n", Directory.EnumerateFileSystemEntries(Store.Root.Path, "*", SearchOption.AllDirectories)
        .Where(p => !p.StartsWith(Store.Root.ContextMemo, StringComparison.Ordinal))
        .Order(StringComparer.Ordinal)
        .Select(p => p + (File.Exists(p) ? " " + new FileInfo(p).Length : "/")));

    public void Dispose() => _temp.Dispose();
}
