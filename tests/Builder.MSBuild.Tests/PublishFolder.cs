using Builder.TestKit;

namespace Builder.MSBuild.Tests;

/// <summary>A stand-in publish folder for in-process runs: one file, no real assembly (nothing runs it).</summary>
internal static class PublishFolder
{
    public static string Create(TempDirectory temp)
    {
        var publish = Directory.CreateDirectory(temp.Combine("publish")).FullName;
        File.WriteAllText(Path.Combine(publish, "app.dll"), "not really an assembly");
        return publish;
    }
}
