using System.CommandLine;

namespace Builder.Cli.Commands;

/// <summary><c>builder logout REGISTRY</c>: removes the registry's entry from builder's auth file.</summary>
internal static class LogoutCommand
{
    public static Command Create()
    {
        var registry = RegistryCliOptions.Create();
        var server = new Argument<string?>("REGISTRY") { Description = "The registry host[:port] (default: Docker Hub).", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("logout", "Log out from a registry.") { server };
        command.Options.Add(registry.AuthFile);
        command.SetAction(result => CommandSupport.Run(result, (stdout, _) =>
        {
            var host = RegistryCliOptions.NormalizeRegistry(result.GetValue(server));
            var file = registry.WritableFile(result);
            stdout.WriteLine(file.Remove(host) ? $"Removing login credentials for {host}" : $"Not logged in to {host}");
            return 0;
        }));
        return command;
    }
}
