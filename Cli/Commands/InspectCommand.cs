using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Builder.Cli.Commands;

/// <summary><c>builder inspect CONTAINER...</c>: a JSON array with docker inspect's main container fields (<c>State.Health</c> with a HEALTHCHECK).</summary>
internal static class InspectCommand
{
    public static Command Create(CliContext context)
    {
        _ = context;
        var root = CommandSupport.RootOption();
        var containers = ContainerSupport.Containers();
        var command = new Command("inspect", "Show containers' details as JSON.") { root, containers };
        command.SetAction((result, _) => ContainerSupport.RunAsync(result, (stdout, _) =>
        {
            var lifecycle = ContainerSupport.Open(result.GetValue(root));
            var array = new JsonArray();
            foreach (var name in result.GetValue(containers)!)
            {
                var c = lifecycle.Inspect(name);
                array.Add((JsonNode)new JsonObject
                {
                    ["Id"] = c.State.Id,
                    ["Name"] = "/" + c.State.Name,
                    ["Created"] = c.State.Created.ToString("O"),
                    ["Path"] = c.State.Args.FirstOrDefault(),
                    ["Args"] = new JsonArray([.. c.State.Args.Skip(1).Select(a => (JsonNode?)a)]),
                    ["Image"] = c.State.ImageId,
                    ["State"] = new JsonObject
                    {
                        ["Status"] = c.Phase.ToString().ToLowerInvariant(),
                        ["Running"] = c.Phase == Builder.Runner.Containers.ContainerPhase.Running,
                        ["OOMKilled"] = c.OomKilled,
                        ["Pid"] = c.Phase == Builder.Runner.Containers.ContainerPhase.Running ? c.Pid : 0,
                        ["ExitCode"] = c.ExitCode ?? 0,
                        ["FinishedAt"] = c.Finished?.ToString("O"),
                        ["Health"] = Health(c.Health),
                    },
                    ["Config"] = new JsonObject { ["Image"] = c.State.Image, ["StopSignal"] = c.State.StopSignal },
                });
            }

            stdout.WriteLine(array.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return Task.FromResult(0);
        }));
        return command;
    }

    /// <summary>docker's State.Health: Status, FailingStreak, Log of {Start, End, ExitCode, Output}; null without a HEALTHCHECK.</summary>
    private static JsonObject? Health(Builder.Runner.Health.HealthState? health) => health is null ? null : new JsonObject
    {
        ["Status"] = health.Status,
        ["FailingStreak"] = health.FailingStreak,
        ["Log"] = new JsonArray([.. health.Log.Select(r => (JsonNode?)new JsonObject
        {
            ["Start"] = r.Start.UtcDateTime.ToString("O", CultureInfo.InvariantCulture), // ...Z: no '+' for the encoder to escape
            ["End"] = r.End.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            ["ExitCode"] = r.ExitCode,
            ["Output"] = r.Output,
        })]),
    };
}
