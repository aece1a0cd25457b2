using System.CommandLine;
using Builder.Cache.Images.Views;
using Builder.Cli.Printing;

namespace Builder.Cli.Commands;

/// <summary><c>builder history [--no-trunc] [-q] IMAGE</c>: how an image was made, newest step first, as <c>docker history</c> shows it.</summary>
internal static class HistoryCommand
{
    private const string Missing = "<missing>";

    public static Command Create(CliContext context)
    {
        var root = CommandSupport.RootOption();
        var noTrunc = new Option<bool>("--no-trunc") { Description = "Do not cut long commands or ids." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print image ids only." };
        var image = new Argument<string>("IMAGE") { Description = "The image: name[:tag], id or digest." };
        var command = new Command("history", "Show the history of an image.") { root, noTrunc, quiet, image };
        command.SetAction(result => CommandSupport.Run(result, (stdout, _) =>
        {
            var rows = ImageQueries.History(context.OpenStore(result.GetValue(root)), result.GetValue(image)!);
            bool full = result.GetValue(noTrunc);
            string Id(HistoryRow row) => row.Image is { } id ? (full ? id.ToString() : id.ToShortString()) : Missing;
            if (result.GetValue(quiet))
            {
                foreach (var row in rows)
                {
                    stdout.WriteLine(Id(row));
                }

                return 0;
            }

            var table = new Table("IMAGE", "CREATED", "CREATED BY", "SIZE", "COMMENT");
            var now = context.Time.GetUtcNow();
            foreach (var row in rows)
            {
                var createdBy = row.CreatedBy.Replace('\n', ' ').Replace('\t', ' ');
                table.Add(Id(row), Human.Ago(row.Created, now), full ? createdBy : Human.Ellipsis(createdBy, 45), Human.Size(row.Size), row.Comment);
            }

            table.WriteTo(stdout);
            return 0;
        }));
        return command;
    }
}
