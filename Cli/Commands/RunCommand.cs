using System.Collections.Immutable;
using System.CommandLine;
using Builder.Runner;
using Builder.Runner.Launch;

namespace Builder.Cli.Commands;

/// <summary>
/// <c>builder run [--rm] [-d] [--name N] [-e K=V] [--env-file F] [-v H:C[:ro]] [-w DIR] [-u USER[:GROUP]]
/// [--entrypoint X] [--network host|none] [--hostname H] [--memory M] [--cpus C] [--pids-limit N]
/// [--read-only] [-i] [-t] IMAGE [CMD...]</c>: runs the image in the namespace sandbox; the exit code is
/// the container's. Signals are forwarded by the runner, so this command (and <c>exec</c>) opts out
/// of System.CommandLine's Ctrl-C handling (<see cref="HandlesSignals"/>).
/// </summary>
internal static class RunCommand
{
    public const string Name = "run";

    /// <summary>Whether the parsed command forwards signals itself (Program then turns off the default termination handling).</summary>
    public static bool HandlesSignals(ParseResult result) => result.CommandResult.Command.Name is Name or ExecCommand.Name;

    private static readonly HashSet<string> ValueOptions =
    [
        "--root", "--name", "-e", "--env", "--env-file", "-v", "--volume", "-w", "--workdir", "-u", "--user", "--entrypoint",
        "--network", "--hostname", "-m", "--memory", "--cpus", "--pids-limit",
    ];

    /// <summary>
    /// Everything after IMAGE (for <c>exec</c>: after CONTAINER) belongs to the container
    /// (<c>builder run busybox ls -l -h</c>), as in docker: a <c>--</c> is put after it so the
    /// parser takes the rest as COMMAND.
    /// </summary>
    public static string[] SplitContainerArgs(string[] args)
    {
        if (args.Length == 0 || args[0] is not (Name or ExecCommand.Name) || args.Contains("--"))
        {
            return args;
        }

        for (int i = 1; i < args.Length; i++)
        {
            var token = args[i];
            if (ValueOptions.Contains(token))
            {
                i++;
            }
            else if (!token.StartsWith('-') || token == "-")
            {
                return [.. args[..(i + 1)], "--", .. args[(i + 1)..]];
            }
        }

        return args;
    }

    public static Command Create(CliContext context)
    {
        var root = CommandSupport.RootOption();
        var remove = new Option<bool>("--rm") { Description = "Remove the container when it exits." };
        var detach = new Option<bool>("--detach", "-d") { Description = "Run in the background and print the container id; output goes to builder logs." };
        var name = new Option<string?>("--name") { Description = "Name the container." };
        var env = new Option<string[]>("--env", "-e") { Description = "Set KEY=VALUE, or pass KEY from this environment (repeatable)." };
        var envFile = new Option<string[]>("--env-file") { Description = "Read KEY=VALUE lines from FILE (repeatable)." };
        var volumes = new Option<string[]>("--volume", "-v") { Description = "Bind mount HOST_PATH:CONTAINER_PATH[:ro] (repeatable)." };
        var workdir = new Option<string?>("--workdir", "-w") { Description = "The working directory inside the container (created if missing)." };
        var user = new Option<string?>("--user", "-u") { Description = "USER[:GROUP], names from the image's /etc/passwd and /etc/group, or numbers." };
        var entrypoint = new Option<string?>("--entrypoint") { Description = "Replace the image's ENTRYPOINT (and drop its CMD); \"\" clears it." };
        var network = new Option<string>("--network") { Description = "host (default, as BuildKit without CNI) or none (only lo).", DefaultValueFactory = _ => "host" };
        network.AcceptOnlyFromAmong("host", "none", "default");
        var hostname = new Option<string?>("--hostname") { Description = "The container's hostname (default: its short id)." };
        var memory = new Option<string?>("--memory", "-m") { Description = "Memory limit, e.g. 512m (no swap beyond it; exceeding it is an OOM kill)." };
        var cpus = new Option<string?>("--cpus") { Description = "CPU limit in CPUs, e.g. 0.5." };
        var pids = new Option<long?>("--pids-limit") { Description = "The most processes and threads at once." };
        var readOnly = new Option<bool>("--read-only") { Description = "Mount the container's root file system read-only." };
        var interactive = new Option<bool>("--interactive", "-i") { Description = "Pass standard input to the container." };
        var tty = new Option<bool>("--tty", "-t") { Description = "Give the container a terminal (with -i an interactive one; this terminal goes raw meanwhile)." };
        var image = new Argument<string>("IMAGE") { Description = "An image of the store, oci-archive:FILE or docker-archive:FILE." };
        var command = new Argument<string[]>("COMMAND") { Description = "The command and its arguments (default: the image's CMD).", Arity = ArgumentArity.ZeroOrMore };
        var run = new Command(Name, "Run a command in a new container.")
        {
            root, remove, detach, name, env, envFile, volumes, workdir, user, entrypoint, network, hostname, memory, cpus, pids, readOnly, interactive, tty, image, command,
        };

        run.SetAction((result, cancellationToken) => CommandSupport.RunAsync(result, async (stdout, stderr) =>
        {
            var options = new RunOptions(result.GetValue(image)!)
            {
                Command = [.. result.GetValue(command) ?? []],
                Remove = result.GetValue(remove),
                Detach = result.GetValue(detach),
                Name = result.GetValue(name),
                Env = [.. result.GetValue(env) ?? []],
                EnvFiles = [.. result.GetValue(envFile) ?? []],
                Volumes = [.. result.GetValue(volumes) ?? []],
                WorkingDir = result.GetValue(workdir),
                User = result.GetValue(user),
                Entrypoint = result.GetValue(entrypoint),
                Network = result.GetValue(network) == "none" ? RunNetwork.None : RunNetwork.Host,
                Hostname = result.GetValue(hostname),
                Memory = result.GetValue(memory),
                Cpus = result.GetValue(cpus),
                PidsLimit = result.GetValue(pids),
                ReadOnly = result.GetValue(readOnly),
                Interactive = result.GetValue(interactive),
                Tty = result.GetValue(tty),
            };

            var streams = Streams(context, stdout, stderr, options.Interactive);
            try
            {
                var outcome = await new ContainerRunner(context.OpenStore(result.GetValue(root)), context.Time).RunAsync(options, streams, cancellationToken);
                if (options.Detach)
                {
                    stdout.WriteLine(outcome.Id);
                }
                else if (outcome.OomKilled)
                {
                    stderr.WriteLine($"builder: container {outcome.Id[..12]} was killed for exceeding its memory limit ({options.Memory}); raise --memory.");
                }

                return outcome.ExitCode;
            }
            catch (Exception e) when (e is RunnerException or Builder.Cache.StoreException)
            {
                // docker run's exit code for errors of the run itself rather than the command's.
                CommandSupport.Fail(stderr, e.Message);
                return 125;
            }
        }));
        return run;
    }

    /// <summary>The console's own descriptors go straight to the container; tests' writers (and stdin) get copies.</summary>
    internal static RunStreams Streams(CliContext context, TextWriter stdout, TextWriter stderr, bool interactive) => new(
        ReferenceEquals(stdout, Console.Out) ? null : stdout,
        ReferenceEquals(stderr, Console.Error) ? null : stderr,
        interactive && context.OpenStdin != (Func<Stream>)Console.OpenStandardInput ? context.OpenStdin() : null);
}
