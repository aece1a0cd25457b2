using System.CommandLine;
using Builder.Runner;

namespace Builder.Cli.Commands;

/// <summary>
/// <c>builder exec [-i] [-t] [-e K=V] [-w DIR] [-u USER[:GROUP]] CONTAINER CMD...</c>: runs a command
/// in a running container's namespaces and cgroups, with its environment and user unless changed;
/// the exit code is the command's (125 when it could not be started). Signals are forwarded as
/// for <c>run</c>.
/// </summary>
internal static class ExecCommand
{
    public const string Name = "exec";

    public static Command Create(CliContext context)
    {
        var root = CommandSupport.RootOption();
        var env = new Option<string[]>("--env", "-e") { Description = "Set KEY=VALUE, or pass KEY from this environment (repeatable)." };
        var workdir = new Option<string?>("--workdir", "-w") { Description = "The working directory inside the container (default: the container's)." };
        var user = new Option<string?>("--user", "-u") { Description = "USER[:GROUP], names from the container's /etc/passwd and /etc/group, or numbers." };
        var interactive = new Option<bool>("--interactive", "-i") { Description = "Pass standard input to the command." };
        var tty = new Option<bool>("--tty", "-t") { Description = "Give the command a terminal (with -i an interactive one)." };
        var container = new Argument<string>("CONTAINER") { Description = "The container's name or id (a unique id prefix is enough)." };
        var command = new Argument<string[]>("COMMAND") { Description = "The command and its arguments.", Arity = ArgumentArity.OneOrMore };
        var exec = new Command(Name, "Run a command in a running container.") { root, env, workdir, user, interactive, tty, container, command };
        exec.SetAction((result, cancellationToken) => CommandSupport.RunAsync(result, async (stdout, stderr) =>
        {
            var options = new ExecOptions([.. result.GetValue(command) ?? []])
            {
                Env = [.. result.GetValue(env) ?? []],
                WorkingDir = result.GetValue(workdir),
                User = result.GetValue(user),
                Interactive = result.GetValue(interactive),
                Tty = result.GetValue(tty),
            };
            try
            {
                var lifecycle = ContainerSupport.Open(result.GetValue(root));
                return await lifecycle.ExecAsync(result.GetValue(container)!, options, RunCommand.Streams(context, stdout, stderr, options.Interactive), cancellationToken);
            }
            catch (RunnerException e)
            {
                // docker exec's code for errors of the exec itself rather than the command's.
                CommandSupport.Fail(stderr, e.Message);
                return 125;
            }
        }));
        return exec;
    }
}
