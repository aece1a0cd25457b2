using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Builder.Cache.Context;
using Builder.Cache.Images;
using Builder.Cache.Oci;
using Builder.Executor.Caching;
using Builder.Executor.Context;
using Builder.Executor.Export;
using Builder.Executor.Progress;
using Builder.Executor.Steps;
using Builder.Parser;
using Builder.Parser.Ignore;
using Builder.Parser.Text;
using Builder.Planner;
using Builder.Planner.Images;
using Builder.Planner.Model;

namespace Builder.Executor;

/// <summary>
/// <c>builder build</c>: parse, plan, check that every step can run here (else fail at its line
/// with the store untouched), run the steps in plan order through an <see cref="IStepExecutor"/>
/// (a result in the step cache index is reused and reported CACHED), export the target image.
/// Sequential on purpose: the concurrent scheduler belongs to the Planner and plugs in at the
/// executor seam.
/// </summary>
public sealed partial class ImageBuilder(ImageStore store, TextWriter? progressWriter = null, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public async Task<BuildResult> BuildAsync(BuildRequest request, CancellationToken cancellationToken = default)
    {
        var progress = new PlainProgress(progressWriter);
        if (!Directory.Exists(request.ContextDirectory))
        {
            return Failed($"{request.ContextDirectory}: the build context must be a directory. Pass an existing directory as CONTEXT.");
        }

        var dockerfilePath = request.DockerfilePath ?? Path.Combine(request.ContextDirectory, "Dockerfile");
        if (!File.Exists(dockerfilePath))
        {
            return Failed($"{dockerfilePath}: Dockerfile not found. Pass it with -f PATH or put a Dockerfile in the context.");
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

        var load = progress.Start("[internal] load build definition from " + Path.GetFileName(dockerfilePath));
        var dockerfile = Dockerfile.Parse(SourceText.Load(dockerfilePath));
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
            var options = new PlanOptions { Target = request.Target, BuildArgs = request.BuildArgs.WithComparers(StringComparer.Ordinal), IgnorePatterns = ignorePatterns };
            plan = BuildPlanner.Plan(dockerfile, options, new StoreBaseImageResolver(store), new ContextDigester(context));
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

        var index = new StepCacheIndex(store.Content);
        var executor = new LocalStepExecutor(store.Content, context, _time, request.SourceDateEpoch);
        var results = new Dictionary<Digest, StepRecord>();
        var names = new StepNames(plan, dockerfile.Text);
        int executed = 0, cached = 0;
        foreach (var step in plan.Steps)
        {
            var vertex = names.Describe(step) is { } name ? progress.Start(name) : null;
            var record = request.NoCache ? null : index.Find(step.Key);
            if (record is not null)
            {
                cached++;
                vertex?.Cached();
            }
            else
            {
                try
                {
                    record = await executor.ExecuteAsync(step, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (vertex is not null && e is not OperationCanceledException)
                {
                    vertex.Error(e.Message);
                    throw;
                }

                index.Save(step.Key, record);
                executed++;
                vertex?.Done();
            }

            results[step.Key] = record;
        }

        var export = progress.Start("exporting to image");
        var created = request.SourceDateEpoch ?? results.Values.Max(r => r.Created);
        var image = ImageExporter.Export(store, plan.Target, results, created, tags.ToImmutable());
        export.Log($"writing image {image.Id} done");
        foreach (var tag in tags)
        {
            export.Log($"naming to {tag} done");
        }

        export.Done();
        return new BuildResult(image, diagnostics.ToImmutable(), null, executed, cached);

        static BuildResult Failed(string error) => new(null, [], error, 0, 0);
    }

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
            var body = step is ImageStep image ? $"FROM {image.Image.Reference}@{image.Image.ManifestDigest}" : Whitespace().Replace(LineContinuation().Replace(text.ToString(step.Span), " "), " ").Trim();
            return $"[{label}{position}/{shown.Count}] {body}";
        }

        [GeneratedRegex(@"\\\r?\n")]
        private static partial Regex LineContinuation();

        [GeneratedRegex(@"\s+")]
        private static partial Regex Whitespace();
    }
}
