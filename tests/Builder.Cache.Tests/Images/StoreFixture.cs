using Builder.Cache.Images;
using Builder.Cache.Images.Import;
using Builder.TestKit;

namespace Builder.Cache.Tests.Images;

/// <summary>A fresh store in a temp folder with a fixed clock, and a quick way to make small images.</summary>
internal sealed class StoreFixture : IDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public StoreFixture()
    {
        Dir = new TempDirectory("image-store");
        Clock = new FixedClock(Now);
        Store = new ImageStore(new StoreRoot(Dir.Combine("root")), Clock, TimeSpan.FromSeconds(30));
    }

    public TempDirectory Dir { get; }

    public FixedClock Clock { get; }

    public ImageStore Store { get; }

    public string IndexPath => Path.Combine(Store.Root.Path, "index.json");

    /// <summary>Imports a one-file rootfs whose content is <paramref name="marker"/> as <paramref name="reference"/>.</summary>
    public async Task<StoredImage> ImportAsync(string reference, string marker, DateTimeOffset? created = null)
    {
        var tar = TestRootfs.WriteTar(Dir.Combine($"rootfs-{Guid.NewGuid():N}.tar"), marker);
        return await new ImageImporter(Store).ImportAsync(new ImportOptions(tar, reference) { Created = created ?? DateTimeOffset.UnixEpoch });
    }

    public ImageStore OpenAgain(TimeSpan? lockTimeout = null) => new(Store.Root, Clock, lockTimeout ?? TimeSpan.FromSeconds(30));

    public void Dispose() => Dir.Dispose();
}
