using Builder.Cache.Images;
using Builder.Cache.Registry;
using Builder.TestKit;

namespace Builder.Cache.Tests.Registry;

/// <summary>Two empty stores and options that read credentials from a temp file only (never the user's).</summary>
internal sealed class RegistryFixture : IDisposable
{
    public RegistryFixture()
    {
        Source = new ImageStore(new StoreRoot(Dir.Combine("source")));
        Target = new ImageStore(new StoreRoot(Dir.Combine("target")));
        Auth = new AuthFile(Dir.Combine("auth.json"));
        Options = new RegistryOptions { AuthFiles = [Auth], RetryDelay = TimeSpan.FromMilliseconds(10) };
    }

    public TempDirectory Dir { get; } = new("registry-test");

    public ImageStore Source { get; }

    public ImageStore Target { get; }

    public AuthFile Auth { get; }

    public RegistryOptions Options { get; }

    public void Dispose() => Dir.Dispose();
}
