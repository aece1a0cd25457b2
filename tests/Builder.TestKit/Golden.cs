using Xunit;

namespace Builder.TestKit;

/// <summary>
/// Golden-file assertions. On mismatch the actual text is written next to the golden file as
/// <c>NAME.received.EXT</c>; with <c>BUILDER_ACCEPT=1</c> it replaces the golden file instead.
/// </summary>
public static class Golden
{
    public static bool Accepting => Environment.GetEnvironmentVariable("BUILDER_ACCEPT") == "1";

    public static void Verify(string goldenPath, string actual)
    {
        var received = ReceivedPath(goldenPath);
        if (Accepting)
        {
            File.WriteAllText(goldenPath, actual);
            File.Delete(received);
            return;
        }

        if (!File.Exists(goldenPath))
        {
            File.WriteAllText(received, actual);
            Assert.Fail($"Golden file {goldenPath} is missing; wrote {received}. Review it and rerun with BUILDER_ACCEPT=1.");
        }

        var expected = File.ReadAllText(goldenPath);
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }

        File.WriteAllText(received, actual);
        Assert.Equal(expected, actual);
    }

    private static string ReceivedPath(string goldenPath)
    {
        var dir = Path.GetDirectoryName(goldenPath)!;
        var name = Path.GetFileNameWithoutExtension(goldenPath);
        var ext = Path.GetExtension(goldenPath);
        return Path.Combine(dir, name + ".received" + ext);
    }
}
