using System.Collections.Immutable;
using System.CommandLine;
using Builder.Cache.Images.Import;
using Builder.Executor;
using Builder.Executor.Export;
using Builder.Executor.Progress;
using Builder.Cli.Printing;
using Builder.Executor.Secrets;
using Builder.Parser.Instructions;
using Builder.Parser.Printing;

namespace Builder.Cli.Commands;

/// <summary>
/// <c>builder build [-q] [-f FILE] [-t NAME:TAG]... [--build-arg K=V]... [--target S] [--no-cache] [--explain]
/// [--progress auto|plain|tty|rawjson] [--jobs N] [--output type=oci|docker,dest=FILE|type=local,dest=DIR]... [--iidfile FILE] [--metadata-file FILE] [--root DIR]
/// CONTEXT</c>: builds the Dockerfile into an image of the
/// store. Progress (BuildKit's plain format) and diagnostics go to stderr; the image id to stdout.
/// Steps run through the Planner's scheduler, at most <c>--jobs</c> at once; Ctrl-C cancels the
/// build (exit code 130) and records nothing. SOURCE_DATE_EPOCH, when set, fixes the creation times and clamps layer mtimes.
/// </summary>
internal static class BuildCommand
{
    public static Command Create(CliContext context)
    {
        var root = CommandSupport.RootOption();
        var file = new Option<string?>("--file", "-f") { Description = "The Dockerfile (default: CONTEXT/Dockerfile)." };
        var tags = new Option<string[]>("--tag", "-t") { Description = "Name the image NAME[:TAG] (repeatable).", AllowMultipleArgumentsPerToken = false };
        var buildArgs = new Option<string[]>("--build-arg") { Description = "Set a build-time variable KEY=VALUE (repeatable)." };
        var target = new Option<string?>("--target") { Description = "The stage to build (default: the last one)." };
        var noCache = new Option<bool>("--no-cache") { Description = "Run every step even when its result is cached." };
        var explain = new Option<bool>("--explain") { Description = "For every step that misses the cache, say which input changed since the last successful build (file, build arg, parent step, base image)." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "No progress: print only the image id (diagnostics still go to stderr)." };
        var progress = new Option<string>("--progress") { Description = "Progress output: auto (tty on a terminal, else plain), plain, tty or rawjson.", DefaultValueFactory = _ => "auto" };
        progress.AcceptOnlyFromAmong("auto", "plain", "tty", "rawjson");
        var jobs = new Option<int>("--jobs", "-j") { Description = "Run at most N steps at once (default: 4 per processor, at least 8).", DefaultValueFactory = _ => Builder.Planner.Scheduling.SchedulerOptions.DefaultMaxConcurrency };
        jobs.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
            {
                r.AddError("--jobs must be at least 1.");
            }
        });
        var outputs = new Option<string[]>("--output", "-o") { Description = "Also write the image: type=oci,dest=FILE, type=docker,dest=FILE, type=local,dest=DIR (or a bare DIR: the root file system) (type=image: the store only; type=registry: push, as --push)." };
        var iidFile = new Option<string?>("--iidfile") { Description = "Write the image id to FILE." };
        var metadataFile = new Option<string?>("--metadata-file") { Description = "Write build metadata (containerimage.digest, containerimage.config.digest) as JSON to FILE." };
        var labels = new Option<string[]>("--label") { Description = "Set a label KEY=VALUE on the image (repeatable)." };
        var network = new Option<string>("--network") { Description = "Network of RUN steps that name none: default (the host's, as buildkitd without CNI), host or none.", DefaultValueFactory = _ => "default" };
        network.AcceptOnlyFromAmong("default", "host", "none");
        var secrets = new Option<string[]>("--secret") { Description = "Expose a secret to RUN --mount=type=secret: id=ID,src=FILE or id=ID,env=VARIABLE (repeatable)." };
        var compression = new Option<string>("--compression") { Description = "How new layers are stored: uncompressed (default, like docker's store), gzip or zstd.", DefaultValueFactory = _ => "uncompressed" };
        compression.AcceptOnlyFromAmong("uncompressed", "gzip", "zstd");
        var cacheFrom = new Option<string[]>("--cache-from") { Description = "Take CACHED steps from a build cache: type=local,src=DIR (repeatable)." };
        var cacheTo = new Option<string?>("--cache-to") { Description = "Write this build's cache: type=local,dest=DIR[,mode=min|max] (max: every stage)." };
        var contextArgument = new Argument<string>("CONTEXT") { Description = "The build context directory, or - for a Dockerfile on stdin and no context." };
        var pull = new Option<bool>("--pull") { Description = "Pull every FROM image from its registry, even when the store has it (missing ones are always pulled)." };
        var push = new Option<bool>("--push") { Description = "Push the image to the registry of each -t NAME after the build." };
        var registry = RegistryCliOptions.Create();
        var command = new Command("build", "Build an image from a Dockerfile.") { root, file, tags, buildArgs, target, noCache, explain, quiet, progress, jobs, outputs, iidFile, metadataFile, labels, network, secrets, compression, pull, push, cacheFrom, cacheTo, contextArgument };
        registry.AddTo(command);
        command.SetAction((result, cancellationToken) => CommandSupport.RunAsync(result, async (stdout, stderr) =>
        {
            var args = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
            foreach (var pair in result.GetValue(buildArgs) ?? [])
            {
                int eq = pair.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0)
                {
                    // docker takes the value from the environment when there is no '='.
                    if (Environment.GetEnvironmentVariable(pair) is { } fromEnv)
                    {
                        args[pair] = fromEnv;
                    }

                    continue;
                }

                args[pair[..eq]] = pair[(eq + 1)..];
            }

            var outputList = ImmutableArray.CreateBuilder<BuildOutput>();
            foreach (var text in result.GetValue(outputs) ?? [])
            {
                if (!BuildOutput.TryParse(text, out var output, out var why))
                {
                    return CommandSupport.Fail(stderr, why);
                }

                outputList.Add(output);
            }

            var labelMap = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
            foreach (var pair in result.GetValue(labels) ?? [])
            {
                int eq = pair.IndexOf('=', StringComparison.Ordinal);
                labelMap[eq < 0 ? pair : pair[..eq]] = eq < 0 ? string.Empty : pair[(eq + 1)..];
            }

            var secretList = ImmutableArray.CreateBuilder<SecretSource>();
            foreach (var text in result.GetValue(secrets) ?? [])
            {
                if (!SecretSource.TryParse(text, out var secret, out var why))
                {
                    return CommandSupport.Fail(stderr, why);
                }

                secretList.Add(secret);
            }

            var cacheSources = ImmutableArray.CreateBuilder<string>();
            foreach (var text in result.GetValue(cacheFrom) ?? [])
            {
                if (!CacheOption.TryParse(text, "src", out var folder, out _, out var why))
                {
                    return CommandSupport.Fail(stderr, "--cache-from " + why);
                }

                cacheSources.Add(folder);
            }

            string? cacheDest = null;
            bool cacheMax = false;
            if (result.GetValue(cacheTo) is { } cacheToText && !CacheOption.TryParse(cacheToText, "dest", out cacheDest, out cacheMax, out var cacheWhy))
            {
                return CommandSupport.Fail(stderr, "--cache-to " + cacheWhy);
            }

            var store = context.OpenStore(result.GetValue(root));
            var contextDirectory = result.GetValue(contextArgument)!;
            var dockerfile = result.GetValue(file);
            byte[]? dockerfileContent = null;
            string? emptyContext = null;
            if (contextDirectory == "-" || dockerfile == "-")
            {
                // docker build - < Dockerfile: the Dockerfile from stdin, and no context unless one is named.
                using var input = context.OpenStdin();
                using var buffer = new MemoryStream();
                await input.CopyToAsync(buffer, cancellationToken);
                dockerfileContent = buffer.ToArray();
                if (contextDirectory == "-")
                {
                    emptyContext = Directory.CreateDirectory(Path.Combine(store.Root.EnsureCreated().Temp, "stdin-context-" + Guid.NewGuid().ToString("N"))).FullName;
                    contextDirectory = emptyContext;
                }

                dockerfile = Path.Combine(contextDirectory, "Dockerfile");
            }

            var request = new BuildRequest(contextDirectory)
            {
                DockerfilePath = dockerfile,
                DockerfileContent = dockerfileContent,
                Labels = labelMap.ToImmutable(),
                Network = Enum.Parse<NetworkMode>(result.GetValue(network)!, ignoreCase: true),
                Secrets = secretList.ToImmutable(),
                CacheFrom = cacheSources.ToImmutable(),
                CacheTo = cacheDest,
                CacheToAllStages = cacheMax,
                Compression = result.GetValue(compression) switch
                {
                    "gzip" => Builder.Cache.Oci.LayerCompression.Gzip,
                    "zstd" => Builder.Cache.Oci.LayerCompression.Zstd,
                    _ => Builder.Cache.Oci.LayerCompression.None,
                },
                Tags = [.. result.GetValue(tags) ?? []],
                BuildArgs = args.ToImmutable(),
                Target = result.GetValue(target),
                NoCache = result.GetValue(noCache),
                Explain = result.GetValue(explain),
                Jobs = result.GetValue(jobs),
                Outputs = outputList.ToImmutable(),
                IidFile = result.GetValue(iidFile),
                MetadataFile = result.GetValue(metadataFile),
                SourceDateEpoch = ImportOptions.CreatedFromEnvironment(),
                Registry = registry.Read(result),
                Pull = result.GetValue(pull),
                Push = result.GetValue(push),
            };

            BuildProgress display = result.GetValue(quiet) ? new PlainProgress(null) : Display(result.GetValue(progress)!, stderr);
            var builder = new ImageBuilder(store, display, context.Time);
            BuildResult outcome;
            try
            {
                outcome = await builder.BuildAsync(request, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl-C: System.CommandLine turns Console.CancelKeyPress (and SIGTERM) into this token.
                stderr.WriteLine("builder: build canceled; nothing was recorded");
                return 130;
            }
            finally
            {
                display.Dispose(); // the live view ends before diagnostics are printed under it
                if (emptyContext is not null)
                {
                    Directory.Delete(emptyContext, recursive: true);
                }
            }

            foreach (var d in outcome.Diagnostics)
            {
                stderr.Write(DiagnosticFormatter.Format(d.Diagnostic, d.Source));
            }

            if (outcome.Error is { } error)
            {
                return CommandSupport.Fail(stderr, error);
            }

            if (outcome.Image is not { } image)
            {
                return 1;
            }

            stdout.WriteLine(image.Id);
            return 0;
        }));
        return command;
    }

    /// <summary>The progress display <c>--progress</c> names; auto is tty only when stderr is the console and a terminal.</summary>
    private static BuildProgress Display(string mode, TextWriter stderr) => mode switch
    {
        "tty" => new TtyProgress(stderr),
        "rawjson" => new RawJsonProgress(stderr),
        "auto" when ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected => new TtyProgress(stderr),
        _ => new PlainProgress(stderr),
    };
}
