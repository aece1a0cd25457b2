using System.CommandLine;
using Builder.Cache.Images.Views;
using Builder.Cli.Printing;

namespace Builder.Cli.Commands;

/// <summary><c>builder images [--digests] [-q] [--no-trunc]</c>: the images in the store, as <c>docker images</c> lists them.</summary>
internal static class ImagesCommand
{
    public static Command Create(CliContext context)
    {
        var root = CommandSupport.RootOption();
        var digests = new Option<bool>("--digests") { Description = "Show the manifest digest of each image." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print image ids only." };
        var noTrunc = new Option<bool>("--no-trunc") { Description = "Print whole image ids." };
        var command = new Command("images", "List the images in the store.") { root, digests, quiet, noTrunc };
        command.SetAction(result => CommandSupport.Run(result, (stdout, _) =>
        {
            var rows = ImageQueries.List(context.OpenStore(result.GetValue(root)));
            bool full = result.GetValue(noTrunc);
            string Id(Cache.Oci.Digest id) => full ? id.ToString() : id.ToShortString();
            if (result.GetValue(quiet))
            {
                foreach (var row in rows)
                {
                    stdout.WriteLine(Id(row.Id));
                }

                return 0;
            }

            bool withDigests = result.GetValue(digests);
            var table = withDigests
                ? new Table("REPOSITORY", "TAG", "DIGEST", "IMAGE ID", "CREATED", "SIZE")
                : new Table("REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE");
            var now = context.Time.GetUtcNow();
            foreach (var row in rows)
            {
                var created = Human.Ago(row.Created, now);
                var size = Human.Size(row.Size);
                if (withDigests)
                {
                    table.Add(row.Repository, row.Tag, row.Digest.ToString(), Id(row.Id), created, size);
                }
                else
                {
                    table.Add(row.Repository, row.Tag, Id(row.Id), created, size);
                }
            }

            table.WriteTo(stdout);
            return 0;
        }));
        return command;
    }
}
