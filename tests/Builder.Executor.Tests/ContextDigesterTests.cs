using Builder.Executor.Context;
using Builder.Planner.Context;
using Builder.TestKit;
using Xunit;

namespace Builder.Executor.Tests;

public sealed class ContextDigesterTests
{
    private static readonly ContextSelection Everything = new(["."], [], [], false);

    private static Cache.Oci.Digest DigestOf(string dir, ContextSelection selection, params string[] ignore) =>
        new ContextDigester(new BuildContext(dir, [.. ignore], store: null)).DigestOf(selection);

    [Fact]
    public void Mtimes_never_change_the_digest_but_content_mode_and_names_do()
    {
        using var temp = new TempDirectory("digester");
        var file = temp.Combine("a.txt");
        File.WriteAllText(file, "one");
        var before = DigestOf(temp.Path, Everything);

        File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddDays(1));
        Assert.Equal(before, DigestOf(temp.Path, Everything));

        File.WriteAllText(file, "two");
        var edited = DigestOf(temp.Path, Everything);
        Assert.NotEqual(before, edited);

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, (UnixFileMode)0b111_000_000);
        }

        Assert.NotEqual(edited, DigestOf(temp.Path, Everything));
        File.Move(file, temp.Combine("b.txt"));
        Assert.NotEqual(edited, DigestOf(temp.Path, Everything));
    }

    [Fact]
    public void A_selection_covers_only_what_its_sources_match_and_dockerignore_keeps()
    {
        using var temp = new TempDirectory("digester");
        File.WriteAllText(temp.Combine("a.txt"), "a");
        File.WriteAllText(temp.Combine("b.txt"), "b");
        File.WriteAllText(temp.Combine("c.log"), "c");
        var onlyA = new ContextSelection(["a.txt"], [], [], false);
        var globTxt = new ContextSelection(["*.txt"], [], [], false);
        var aDigest = DigestOf(temp.Path, onlyA);
        var txtDigest = DigestOf(temp.Path, globTxt);
        var allDigest = DigestOf(temp.Path, Everything);

        File.WriteAllText(temp.Combine("c.log"), "changed");
        Assert.Equal(aDigest, DigestOf(temp.Path, onlyA));
        Assert.Equal(txtDigest, DigestOf(temp.Path, globTxt));
        Assert.NotEqual(allDigest, DigestOf(temp.Path, Everything));

        var ignoredLog = DigestOf(temp.Path, Everything, "*.log");
        File.WriteAllText(temp.Combine("c.log"), "changed again");
        Assert.Equal(ignoredLog, DigestOf(temp.Path, Everything, "*.log"));

        File.WriteAllText(temp.Combine("b.txt"), "b2");
        Assert.Equal(aDigest, DigestOf(temp.Path, onlyA));
        Assert.NotEqual(txtDigest, DigestOf(temp.Path, globTxt));
        Assert.NotEqual(aDigest, DigestOf(temp.Path, new ContextSelection(["missing.txt"], [], [], false)));
    }
}
