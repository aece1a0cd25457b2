using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Builder.Cache;
using Builder.Cache.Content;
using Builder.Cache.Context;
using Builder.Cache.Images;
using Builder.Cache.Layers;
using Builder.Cache.Oci;
using Builder.Executor.Caching;
using Builder.Executor.Context;
using Builder.Executor.Explain;
using Builder.Executor.Export;
using Builder.Executor.Progress;
using Builder.Executor.Run;
using Builder.Executor.Steps;
using Builder.Parser;
using Builder.Parser.Diagnostics;
using Builder.Parser.Ignore;
using Builder.Parser.Text;
using Builder.Planner;
using Builder.Planner.Images;
using Builder.Planner.Model;
using Builder.Planner.Scheduling;

namespace Builder.Executor;

/// <summary>
/// <c>builder build</c>: parse, plan, check that every step can run here (else fail at its line
/// with the store untouched), run the steps through the Planner's <see cref="BuildScheduler"/>
/// (ready steps concurrently, up to <see cref="BuildRequest.Jobs"/>; a result in the step cache
/// index is reused and reported CACHED), export the target image, then record the new step
/// results. A failed or cancelled build records nothing.
/// </summary>
public sealed partial class ImageBuilder(ImageStore store, BuildProgress progress, TimeProvider? time = null)
{
    /// <summary>A builder that prints BuildKit's plain progress to <paramref name="progressWriter"/> (none when null).</summary>
    public ImageBuilder(ImageStore store, TextWriter? progressWriter = null, TimeProvider? time = null)
        : this(store, new PlainProgress(progressWriter), time)
    {
    }

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Tests: wraps the step executor the scheduler drives (to hold or fail steps).</summary>
    internal Func<IStepExecutor, IStepExecutor>? ExecutorDecorator { get; init; }

    /// <summary>Tests: the snapshotter RUN steps use (null: overlay when it mounts, else copy).</summary>
    internal Snapshots.SnapshotterKind? SnapshotterKind { get; init; }

    /// <summary>Tests: also receives the scheduler's progress events.</summary>
    internal IProgressSink? ProgressObserver { get; init; }

    public async Task<BuildResult> BuildAsync(BuildRequest request, CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(request.ContextDirectory))
        {
            return Failed($"{request.ContextDirectory}: the build context must be a directory. Pass an existing directory as CONTEXT.");
        }

        var dockerfilePath = request.DockerfilePath ?? Path.Combine(request.ContextDirectory, "Dockerfile");
        if (request.DockerfileContent is null && !File.Exists(dockerfilePath))
        {
            return Failed($"{dockerfilePath}: Dockerfile not found. Pass it with -f PATH or put a Dockerfile in the context.");
        }

        foreach (var file in request.Outputs.Where(o => o.Type != BuildOutputType.Local).Select(o => o.Destination).Append(request.IidFile).Append(request.MetadataFile).OfType<string>())
        {
            if (Path.GetDirectoryName(Path.GetFullPath(file)) is { } folder && !Directory.Exists(folder))
            {
                return Failed($"cannot write {file}: the folder {folder} does not exist. Create it or name another file.");
            }
        }

        var tags = ImmutableArray.CreateBuilder<ImageReference>();
        foreach (var tag in request.Tags)
        {
            if (!ImageReference.TryParse(tag, out var reference, out var why))
            {
                return Failed($"invalid tag \"{tag}\": {why}");
            }

            tags.Add(reference);
        }

        if (request.Pushes && (tags.Count == 0 || request.Registry is null))
        {
            return Failed("--push needs a name to push to: add -t REGISTRY/NAME:TAG.");
        }

        var load = progress.Start("[internal] load build definition from " + Path.GetFileName(dockerfilePath));
        var dockerfile = Dockerfile.Parse(request.DockerfileContent is { } content ? SourceText.From(content, dockerfilePath) : SourceText.Load(dockerfilePath));
        load.Done();

        var diagnostics = ImmutableArray.CreateBuilder<BuildDiagnostic>();
        var ignorePatterns = ImmutableArray<string>.Empty;
        if (IgnoreFileLocator.Find(request.ContextDirectory, dockerfilePath) is { } ignorePath)
        {
            var loadIgnore = progress.Start("[internal] load .dockerignore");
            var ignoreText = SourceText.Load(ignorePath);
            var ignore = IgnoreFile.Parse(ignoreText);
            diagnostics.AddRange(ignore.Diagnostics.Select(d => new BuildDiagnostic(d, ignoreText)));
            ignorePatterns = ignore.ToPatternList();
            loadIgnore.Done();
        }

        var context = new BuildContext(request.ContextDirectory, ignorePatterns, store.Root);
        BuildPlan plan;
        try
        {
            var options = new PlanOptions { Target = request.Target, BuildArgs = request.BuildArgs.WithComparers(StringComparer.Ordinal), Labels = request.Labels.WithComparers(StringComparer.Ordinal), Network = request.Network, IgnorePatterns = ignorePatterns };
            IBaseImageResolver images = request.Registry is { } registry
                ? new PullingBaseImageResolver(store, registry, request.Pull, cancellationToken)
                : new StoreBaseImageResolver(store);
            plan = BuildPlanner.Plan(dockerfile, options, images, new ContextDigester(context));
            diagnostics.AddRange(plan.Diagnostics.Select(d => new BuildDiagnostic(d, dockerfile.Text)));
            if (!plan.HasErrors && plan.Target is not null)
            {
                diagnostics.AddRange(StepSupport.Check(plan, context).Select(d => new BuildDiagnostic(d, dockerfile.Text)));
            }
        }
        catch (ContextException e)
        {
            return Failed(e.Message);
        }

        if (diagnostics.Any(d => d.Diagnostic.IsError) || plan.Target is null)
        {
            return new BuildResult(null, diagnostics.ToImmutable(), null, 0, 0);
        }

        var stagingRoot = new StoreRoot(Path.Combine(store.Root.Temp, "build-" + Guid.NewGuid().ToString("N")));
        try
        {
            return await RunAndExportAsync(request, dockerfilePath, plan, context, dockerfile.Text, stagingRoot, progress, tags.ToImmutable(), diagnostics, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (Directory.Exists(stagingRoot.Path))
            {
                Directory.Delete(stagingRoot.Path, recursive: true);
            }
        }

        static BuildResult Failed(string error) => new(null, [], error, 0, 0);
    }

    private async Task<BuildResult> RunAndExportAsync(BuildRequest request, string dockerfilePath, BuildPlan plan, BuildContext context, SourceText text, StoreRoot stagingRoot, BuildProgress progress, ImmutableArray<ImageReference> tags, ImmutableArray<BuildDiagnostic>.Builder diagnostics, CancellationToken cancellationToken)
    {
        var staging = new ContentStore(stagingRoot.EnsureCreated());
        var logs = new StepLogs();
        var layerOptions = new LayerWriterOptions { SourceDateEpoch = request.SourceDateEpoch, Compression = request.Compression };
        var snapshotter = Environment.IsPrivilegedProcess || plan.Steps.Any(s => s is RunStep)
            ? RunEnvironment.CreateSnapshotter(store.Root, store.Content, staging, SnapshotterKind)
            : null;
        var runs = plan.Steps.Any(s => s is RunStep)
            ? new RunEnvironment(store.Root, context, request.Secrets, snapshotter!, new Sandbox.SandboxRunner(store.Root.Temp), staging, layerOptions)
            : null;
        var local = new LocalStepExecutor(staging, context, _time, request.SourceDateEpoch) { Store = store.Content, Runs = runs, Snapshotter = snapshotter, Logs = logs, LayerOptions = layerOptions };
        BuildCacheImports imports;
        try
        {
            imports = await BuildCacheImports.OpenAsync(request.CacheFrom, request.Registry ?? new Cache.Registry.RegistryOptions(), staging, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (StoreException e)
        {
            return new BuildResult(null, diagnostics.ToImmutable(), e.Message, 0, 0);
        }

        using var openImports = imports;
        var executor = new ScheduledStepExecutor(new StepCacheIndex(store.Content), store.Content, staging, local, request.NoCache)
        {
            Imports = imports.Sources,
        };
        var names = new StepNames(plan, text);
        var vertices = new Dictionary<BuildStep, (int Number, string Name)>(ReferenceEqualityComparer.Instance);
        foreach (var step in plan.Steps)
        {
            if (names.Describe(step) is { } name)
            {
                vertices[step] = (progress.Reserve(), name);
            }
        }

        var explainer = new BuildExplainer(plan, vertices, context);
        var explainStore = new ExplainStore(store.Root);
        var explanations = request.Explain ? explainer.Explain(explainStore.Load(dockerfilePath, request.Target), request.NoCache) : null;
        var scheduling = new SchedulerOptions { MaxConcurrency = request.Jobs, Progress = new SchedulerProgress(progress, vertices, ProgressObserver) { Explanations = explanations, Logs = logs } };
        ScheduleResult run;
        try
        {
            run = await BuildScheduler.RunAsync(plan.Steps, ExecutorDecorator?.Invoke(executor) ?? executor, scheduling, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            snapshotter?.Snapshots.DiscardUnpackedFromLaterSources();
            throw;
        }

        if (!run.Succeeded)
        {
            snapshotter?.Snapshots.DiscardUnpackedFromLaterSources();
        }

        if (run.Failure is { } failure)
        {
            var what = names.Describe(failure.Step) ?? failure.Step.GetType().Name;
            diagnostics.Add(new BuildDiagnostic(Diagnostic.Create(ExecutorDiagnostics.StepFailed, failure.Step.Span, what, failure.Error.Message), text));
            return new BuildResult(null, diagnostics.ToImmutable(), null, 0, 0) { Explanations = Ran(explanations, run, vertices), Warnings = imports.Warnings };
        }

        var results = run.Results.ToDictionary(r => r.Key, r => (StepRecord)r.Value.Value!);
        int cached = run.Results.Values.Count(r => r.Cached);
        int executed = run.Results.Count - cached;

        executor.CommitLayers();
        var export = progress.Start("exporting to image");
        var created = request.SourceDateEpoch ?? results.Values.Max(r => r.Created);
        var image = ImageExporter.Export(store, plan.Target!, results, created, tags);
        export.Log($"writing image {image.Id} done");
        foreach (var tag in tags)
        {
            export.Log($"naming to {tag} done");
        }

        await OutputWriter.WriteAsync(store, image, request, export.Log, cancellationToken).ConfigureAwait(false);
        export.Done();
        executor.CommitRecords();
        if (request.DockerfileContent is null)
        {
            // A Dockerfile from stdin has no lasting name to compare the next build with.
            explainStore.Save(explainer.Record(dockerfilePath), request.Target);
        }

        if (request.CacheTo is { } cacheTo
            && await ExportCacheAsync(image, cacheTo, BuildCacheExport.Select(plan, results, request.CacheToAllStages), staging, request.Registry ?? new Cache.Registry.RegistryOptions(), progress, cancellationToken).ConfigureAwait(false) is { } cacheError)
        {
            return new BuildResult(null, diagnostics.ToImmutable(), cacheError, executed, cached) { Warnings = imports.Warnings };
        }

        if (request.Pushes && await PushAsync(image, tags, request.Registry!, progress, cancellationToken).ConfigureAwait(false) is { } pushError)
        {
            return new BuildResult(null, diagnostics.ToImmutable(), pushError, executed, cached) { Warnings = imports.Warnings };
        }

        return new BuildResult(image, diagnostics.ToImmutable(), null, executed, cached) { Explanations = Ran(explanations, run, vertices), Warnings = imports.Warnings };
    }

    /// <summary><c>--cache-to</c>: writes the export (layers from the store); returns what went wrong, if anything (the image stays in the store either way).</summary>
    private async Task<string?> ExportCacheAsync(StoredImage image, BuildCacheLocation to, BuildCacheExport export, ContentStore scratch, Cache.Registry.RegistryOptions registry, BuildProgress progress, CancellationToken cancellationToken)
    {
        var vertex = progress.Start("exporting cache to " + to);
        try
        {
            vertex.Log(await export.WriteAsync(to, store.Content, scratch, registry, cancellationToken).ConfigureAwait(false));
            return null;
        }
        catch (StoreException e)
        {
            return $"the image {image.Id} is built and stored, but exporting the build cache to {to} failed: {e.Message}";
        }
        finally
        {
            vertex.Done();
        }
    }

    /// <summary>Pushes each tag; returns what went wrong, if anything (the image stays in the store either way).</summary>
    private async Task<string?> PushAsync(StoredImage image, ImmutableArray<ImageReference> tags, Cache.Registry.RegistryOptions registry, BuildProgress progress, CancellationToken cancellationToken)
    {
        foreach (var tag in tags)
        {
            var push = progress.Start($"pushing {tag.ToFamiliarString()}");
            try
            {
                var pushed = await Cache.Registry.ImagePusher.PushAsync(store, tag.ToString(), registry, cancellationToken).ConfigureAwait(false);
                push.Log($"pushed {tag.ToFamiliarString()}@{pushed.Descriptor.Digest}");
                push.Done();
            }
            catch (StoreException e)
            {
                push.Done();
                return $"the image {image.Id} is built and stored, but pushing {tag.ToFamiliarString()} failed: {e.Message}";
            }
        }

        return null;
    }

    /// <summary>The explanations of the steps that ran (missed the cache), by display name.</summary>
    private static ImmutableDictionary<string, ImmutableArray<string>> Ran(ImmutableDictionary<BuildStep, ImmutableArray<string>>? explanations, ScheduleResult run, Dictionary<BuildStep, (int Number, string Name)> vertices) =>
        explanations is null
            ? ImmutableDictionary<string, ImmutableArray<string>>.Empty
            : explanations.Where(e => run.Results.TryGetValue(e.Key.Key, out var r) ? !r.Cached : run.Failure?.Step == e.Key)
                .ToImmutableDictionary(e => vertices[e.Key].Name, e => e.Value);

    /// <summary>Progress names as BuildKit shows them: <c>[stage s/n] INSTRUCTION text</c> for FROM images and filesystem steps.</summary>
    private sealed partial class StepNames(BuildPlan plan, SourceText text)
    {
        public string? Describe(BuildStep step)
        {
            if (step is ScratchStep or ConfigStep)
            {
                return null;
            }

            var stage = plan.Stages.FirstOrDefault(s => s.Steps.Contains(step));
            var shown = stage is null ? [step] : stage.Steps.Where(s => s is not (ScratchStep or ConfigStep)).ToList();
            int position = shown.IndexOf(step) + 1;
            var label = stage is not null && plan.Stages.Length > 1 ? (stage.Name ?? $"stage-{stage.Index}") + " " : string.Empty;
            var body = step is ImageStep image ? $"FROM {image.Image.Reference}@{image.Image.ManifestDigest}" : Whitespace().Replace(LineContinuation().Replace(step.DisplayText ?? text.ToString(step.Span), " "), " ").Trim();
            return $"[{label}{position}/{shown.Count}] {body}";
        }

        [GeneratedRegex(@"\\\r?\n")]
        private static partial Regex LineContinuation();

        [GeneratedRegex(@"\s+")]
        private static partial Regex Whitespace();
    }
}
