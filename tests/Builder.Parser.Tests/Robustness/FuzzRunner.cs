using System.Diagnostics;

namespace Builder.Parser.Tests.Robustness;

/// <summary>
/// Runs a batch of generated inputs through <see cref="ParserProperties"/> on its own thread,
/// watched from the calling thread: an input that runs longer than <see cref="FuzzSettings.Stall"/>,
/// or a batch that outlives its timeout, is reported as a hang with the input that was running.
/// Failures are grouped by kind; the first input of each kind is saved and minimized.
/// </summary>
internal static class FuzzRunner
{
    private const int MaxKinds = 20;

    public static FuzzReport Run(FuzzSettings settings, DockerfileMutator mutator)
    {
        var report = new FuzzReport { Settings = settings };
        var progress = new Progress();
        var clock = Stopwatch.StartNew();
        var batch = Task.Factory.StartNew(() => Loop(settings, mutator, report, progress), TaskCreationOptions.LongRunning);

        while (!batch.Wait(TimeSpan.FromMilliseconds(200)))
        {
            string? hang = progress.RunningFor() > FuzzSettings.Stall ? $"still running after {FuzzSettings.Stall.TotalSeconds:F0} s"
                : clock.Elapsed > settings.Timeout ? $"the batch did not finish within {settings.Timeout.TotalSeconds:F0} s"
                : null;
            if (hang is not null && progress.Current is { } current)
            {
                progress.Abandoned = true;
                lock (report)
                {
                    report.Failures.Add(new FuzzFailure("hang", hang, current));
                    report.Elapsed = clock.Elapsed;
                }

                break;
            }
        }

        if (batch.IsFaulted)
        {
            // The loop itself broke (the generator, not the parser): surface it as is.
            batch.GetAwaiter().GetResult();
        }

        lock (report)
        {
            if (!progress.Abandoned)
            {
                report.Elapsed = clock.Elapsed;
            }

            foreach (var failure in report.Failures)
            {
                if (failure.Kind is not ("hang" or "slow"))
                {
                    failure.Minimized = FuzzMinimizer.Minimize(failure.Input.Bytes, b => Classify(b).Kind == failure.Kind);
                }

                Save(settings, failure);
            }
        }

        return report;
    }

    /// <summary>
    /// Runs the properties on one input: a null kind when they hold, else the failure's kind and
    /// message; and how long parsing took.
    /// </summary>
    internal static (string? Kind, string Message, TimeSpan ParseTime) Classify(byte[] bytes)
    {
        try
        {
            return (null, string.Empty, ParserProperties.Check(bytes));
        }
        catch (PropertyViolationException e)
        {
            return ("property " + e.Property, e.Message, TimeSpan.Zero);
        }
        catch (Exception e)
        {
            return ($"{e.GetType().Name} in {ParserFrame(e)}", e.ToString(), TimeSpan.Zero);
        }
    }

    private static void Loop(FuzzSettings settings, DockerfileMutator mutator, FuzzReport report, Progress progress)
    {
        for (long i = settings.Start; i < settings.Start + settings.Iterations && !progress.Abandoned; i++)
        {
            var input = mutator.Generate(settings.Seed, i);
            if (settings.Trace)
            {
                Directory.CreateDirectory(FuzzSettings.FailureDirectory);
                File.WriteAllBytes(Path.Combine(FuzzSettings.FailureDirectory, "current.bin"), input.Bytes);
            }

            progress.Begin(input);
            var (kind, message, took) = Classify(input.Bytes);
            if (kind is null && took > FuzzSettings.SlowInput)
            {
                // Confirm before blaming the parser: a busy machine stretches wall-clock time, not CPU time.
                var again = ParserProperties.TimeParse(input.Bytes);
                if (again <= FuzzSettings.SlowInput)
                {
                    took = again;
                }
                else
                {
                    message = $"parsing one input took {took.TotalSeconds:F1} s, then {again.TotalSeconds:F1} s (limit {FuzzSettings.SlowInput.TotalSeconds:F0} s)";
                    kind = "slow";
                }
            }

            progress.End();

            lock (report)
            {
                if (progress.Abandoned)
                {
                    return;
                }

                report.Inputs++;
                report.Bytes += input.Bytes.Length;
                if (took > report.Slowest)
                {
                    report.Slowest = took;
                    report.SlowestIndex = i;
                }

                if (kind is not null)
                {
                    Record(report, kind, message, input);
                }
            }
        }
    }

    private static void Record(FuzzReport report, string kind, string message, FuzzInput input)
    {
        var known = report.Failures.Find(f => f.Kind == kind);
        if (known is not null)
        {
            known.Occurrences++;
            if (input.Bytes.Length < known.Input.Bytes.Length)
            {
                // Keep the smallest example of each kind: it minimizes faster and reads better.
                report.Failures[report.Failures.IndexOf(known)] = known with { Message = message, Input = input };
            }
        }
        else if (report.Failures.Count < MaxKinds)
        {
            report.Failures.Add(new FuzzFailure(kind, message, input));
        }
    }

    private static void Save(FuzzSettings settings, FuzzFailure failure)
    {
        Directory.CreateDirectory(FuzzSettings.FailureDirectory);
        var path = Path.Combine(FuzzSettings.FailureDirectory, $"seed{settings.Seed}-{failure.Input.Index}.bin");
        File.WriteAllBytes(path, failure.Input.Bytes);
        if (failure.Minimized is not null)
        {
            File.WriteAllBytes(Path.ChangeExtension(path, ".min.bin"), failure.Minimized);
        }

        failure.SavedAt = path;
    }

    private static string ParserFrame(Exception e)
    {
        foreach (var frame in new StackTrace(e).GetFrames())
        {
            var type = frame.GetMethod()?.DeclaringType;
            if (type?.FullName is { } name && name.StartsWith("Builder.Parser.", StringComparison.Ordinal)
                && !name.StartsWith("Builder.Parser.Tests.", StringComparison.Ordinal))
            {
                return name + "." + frame.GetMethod()!.Name;
            }
        }

        return "(no parser frame)";
    }

    private sealed class Progress
    {
        private long _startedAt;
        private FuzzInput? _current;
        private volatile bool _abandoned;

        public FuzzInput? Current => Volatile.Read(ref _current);

        public bool Abandoned
        {
            get => _abandoned;
            set => _abandoned = value;
        }

        public void Begin(FuzzInput input)
        {
            Volatile.Write(ref _current, input);
            Interlocked.Exchange(ref _startedAt, Stopwatch.GetTimestamp());
        }

        public void End() => Interlocked.Exchange(ref _startedAt, 0);

        public TimeSpan RunningFor()
        {
            long started = Interlocked.Read(ref _startedAt);
            return started == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(started);
        }
    }
}
