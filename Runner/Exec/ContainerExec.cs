using System.Text.Json;
using Builder.Runner.Containers;
using Builder.Runner.Launch;

namespace Builder.Runner.Exec;

/// <summary>
/// <c>builder exec</c>: the command as <see cref="ExecProcess"/> makes it, written next to the
/// container's state for the helper to read, run by <c>builder-sandbox exec</c> in the
/// container's namespaces and cgroups through builder-shim in the foreground (streams, signals and
/// <c>-t</c> as for <c>builder run</c>). The exit code is the command's.
/// </summary>
internal static class ContainerExec
{
    public static async Task<int> RunAsync(ContainerStore store, ContainerInfo info, ExecOptions options, RunStreams streams, CancellationToken ct)
    {
        var id = info.State.Id;
        var container = ReadSpec(store, info);
        var process = ExecProcess.Create(container.Process, options, container.Root.Path, Environment.GetEnvironmentVariable);
        var file = Path.Combine(store.DirectoryOf(id), $"exec-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(process, RunnerJson.Default.ProcessSpec), ct).ConfigureAwait(false);
        try
        {
            return await AttachedLauncher.RunAsync(ExecProcess.HelperArguments(info.Pid!.Value, file), options.Interactive, options.Tty, streams, _ => { }, ct).ConfigureAwait(false);
        }
        finally
        {
            try
            {
                File.Delete(file);
            }
            catch (DirectoryNotFoundException)
            {
                // A -d --rm container ended meanwhile and its monitor removed its folder.
            }
        }
    }

    private static Executor.Sandbox.RuntimeSpec ReadSpec(ContainerStore store, ContainerInfo info)
    {
        var path = Path.Combine(store.BundleOf(info.State.Id), "config.json");
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(path), RunnerJson.Default.RuntimeSpec)
                ?? throw new JsonException("the document is null");
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            throw new RunnerException($"cannot read container {info.State.Name}'s {path} ({e.Message}); it has ended or its state is damaged: see builder ps -a.", e);
        }
    }
}
