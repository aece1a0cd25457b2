using Builder.TestKit;
using Xunit;

namespace Builder.Executor.Tests;

public sealed class BusyboxBaseTests
{
    [ToolFact("busybox")]
    public async Task A_build_from_a_store_image_keeps_its_layers_and_applies_the_metadata()
    {
        using var h = new BuildHarness();
        var busybox = await BusyboxImage.ImportAsync(h.Store);
        h.Write("app.sh", "echo hi\n");
        const string dockerfile = $"""
            FROM {BusyboxImage.Reference}
            ENV GREETING=hello APP_HOME=/opt/app
            WORKDIR $APP_HOME
            COPY app.sh .
            CMD ["sh", "app.sh"]
            """;

        var result = await h.BuildAsync(dockerfile, "test/app:1");

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics.Select(d => d.Diagnostic.Message)) + result.Error);
        var image = result.Image!;
        Assert.Equal(busybox.Manifest.Layers.Length + 2, image.Manifest.Layers.Length);
        Assert.Equal(busybox.Manifest.Layers.Select(l => l.Digest), image.Manifest.Layers[..busybox.Manifest.Layers.Length].Select(l => l.Digest));
        Assert.Contains("#2 [1/3] FROM builder-test/busybox:latest@sha256:", h.Progress, StringComparison.Ordinal);

        var config = h.ConfigOf(image);
        var baseConfig = h.ConfigOf(busybox);
        Assert.Equal(
            new[] { "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "GREETING=hello", "APP_HOME=/opt/app" },
            config.Config.Env!.Value.ToArray());
        Assert.Equal("/opt/app", config.Config.WorkingDir);
        Assert.Equal(new[] { "sh", "app.sh" }, config.Config.Cmd!.Value.ToArray());
        Assert.Equal(baseConfig.RootFs.DiffIds.Length + 2, config.RootFs.DiffIds.Length);
        var added = config.History.Skip(baseConfig.History.Length).Select(e => (e.CreatedBy, e.EmptyLayer == true)).ToArray();
        Assert.Equal(
            new (string?, bool)[]
            {
                ("ENV GREETING=hello APP_HOME=/opt/app", true),
                ("WORKDIR /opt/app", false),
                ("COPY app.sh . # buildkit", false),
                ("CMD [\"sh\" \"app.sh\"]", true),
            },
            added);
        Assert.Equal(baseConfig.History.ToArray(), config.History.Take(baseConfig.History.Length).ToArray());

        var root = await h.UnpackAsync(image);
        Assert.Equal("echo hi\n", File.ReadAllText(Path.Combine(root, "opt/app/app.sh")));
        Assert.True(File.Exists(Path.Combine(root, "bin/busybox")));
    }
}
