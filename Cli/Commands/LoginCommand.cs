using System.CommandLine;
using Builder.Cache;
using Builder.Cache.Registry;

namespace Builder.Cli.Commands;

/// <summary>
/// <c>builder login -u USER --password-stdin REGISTRY</c>: checks the credentials against the
/// registry, then saves them in builder's auth file (Docker's config.json format).
/// </summary>
internal static class LoginCommand
{
    public static Command Create(CliContext context)
    {
        var registry = RegistryCliOptions.Create();
        var user = new Option<string?>("--username", "-u") { Description = "The user name." };
        var password = new Option<string?>("--password", "-p") { Description = "The password (visible to other users in the process list; prefer --password-stdin)." };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from standard input." };
        var server = new Argument<string?>("REGISTRY") { Description = "The registry host[:port] (default: Docker Hub).", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("login", "Log in to a registry.") { user, password, passwordStdin, server };
        registry.AddTo(command);
        command.SetAction((result, cancellationToken) => CommandSupport.RunAsync(result, async (stdout, _) =>
        {
            var host = RegistryCliOptions.NormalizeRegistry(result.GetValue(server));
            var name = result.GetValue(user) ?? throw new StoreException($"no user name: run builder login -u USER --password-stdin {host}");
            string secret;
            if (result.GetValue(passwordStdin))
            {
                using var reader = new StreamReader(context.OpenStdin());
                secret = (await reader.ReadToEndAsync(cancellationToken)).TrimEnd('\r', '\n');
            }
            else
            {
                secret = result.GetValue(password) ?? throw new StoreException($"no password: pipe it in with builder login -u {name} --password-stdin {host}");
            }

            var file = registry.WritableFile(result);
            await RegistryLogin.LoginAsync(host, new RegistryCredentials(name, secret), file, registry.Read(result), cancellationToken);
            stdout.WriteLine($"Login Succeeded (credentials saved in {file.Path})");
            return 0;
        }));
        return command;
    }
}
