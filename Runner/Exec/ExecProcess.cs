using System.Collections.Immutable;
using System.Globalization;
using Builder.Executor.Run;
using Builder.Executor.Sandbox;
using Builder.Runner.Spec;

namespace Builder.Runner.Exec;

/// <summary>
/// The process a <c>builder exec</c> (or a health check) runs in a container: the container's own
/// process (from its <c>config.json</c>) with the command replaced and <c>-e</c>, <c>-w</c>,
/// <c>-u</c> and <c>-t</c> applied, so capabilities, rlimits and no_new_privs stay the container's.
/// Given to <c>builder-sandbox exec</c> as a file, like <c>runc exec --process</c>.
/// </summary>
internal static class ExecProcess
{
    /// <param name="rootfs">The container's root as the host sees it, to resolve <c>-u</c> names from its /etc files.</param>
    public static ProcessSpec Create(ProcessSpec container, ExecOptions options, string rootfs, Func<string, string?> hostEnv)
    {
        if (options.Command.IsDefaultOrEmpty)
        {
            throw new RunnerException("no command given: write the command after the container, e.g. builder exec CONTAINER sh.");
        }

        var cwd = string.IsNullOrEmpty(options.WorkingDir) ? container.Cwd : options.WorkingDir;
        if (!cwd.StartsWith('/'))
        {
            throw new RunnerException($"the working directory \"{cwd}\" is not an absolute path; give -w a path from /.");
        }

        var user = container.User;
        if (!string.IsNullOrEmpty(options.User))
        {
            var resolved = ResolveUser(rootfs, options.User);
            user = new UserSpec(resolved.Uid, resolved.Gid, container.User.Umask, resolved.AdditionalGids.IsEmpty ? null : resolved.AdditionalGids);
        }

        return container with
        {
            Args = options.Command,
            Env = EnvironmentList.Merge(container.Env, [], options.Env, hostEnv),
            Cwd = cwd,
            User = user,
            Terminal = options.Tty,
        };
    }

    /// <summary><c>builder-sandbox exec [--timeout MS] HELPER_PID PROCESS_JSON</c>'s words after the helper's path.</summary>
    public static ImmutableArray<string> HelperArguments(int helperPid, string processFile, TimeSpan? timeout = null)
    {
        var pid = helperPid.ToString(CultureInfo.InvariantCulture);
        return timeout is { } t
            ? ["exec", "--timeout", Math.Max(1, (long)t.TotalMilliseconds).ToString(CultureInfo.InvariantCulture), pid, processFile]
            : ["exec", pid, processFile];
    }

    private static RunUser ResolveUser(string rootfs, string user)
    {
        try
        {
            return RunUser.Resolve(rootfs, user);
        }
        catch (IOException e)
        {
            throw new RunnerException($"cannot exec as user \"{user}\": {e.Message.Split(". ", 2)[0]} in the container. Use a user its /etc/passwd defines, or numeric -u UID[:GID].", e);
        }
    }
}
