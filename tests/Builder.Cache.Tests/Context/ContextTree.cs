using System.Diagnostics;
using System.Text;
using Builder.Cache.Context;
using Builder.TestKit;

namespace Builder.Cache.Tests.Context;

/// <summary>A build context and a store in a temp folder, with helpers to shape files.</summary>
internal sealed class ContextTree : IDisposable
{
    private readonly TempDirectory _dir = new("builder-context-test");

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public ContextTree()
    {
        Root = _dir.Combine("context");
        Directory.CreateDirectory(Root);
        Store = new StoreRoot(_dir.Combine("store"));
    }

    public string Root { get; }

    public StoreRoot Store { get; }

    public string Full(string rel) => Path.Combine(Root, rel);

    public ContextTree File(string rel, string content, UnixFileMode? mode = null)
    {
        var path = Full(rel);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, content, Utf8); // no BOM
        if (mode is { } m)
        {
            Chmod(rel, m);
        }

        return this;
    }

    public ContextTree Chmod(string rel, UnixFileMode mode)
    {
        if (!OperatingSystem.IsWindows())
        {
            System.IO.File.SetUnixFileMode(Full(rel), mode);
        }

        return this;
    }

    public ContextTree Dir(string rel)
    {
        Directory.CreateDirectory(Full(rel));
        return this;
    }

    public ContextTree Link(string rel, string target)
    {
        var path = Full(rel);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.CreateSymbolicLink(path, target);
        return this;
    }

    public ContextTree Fifo(string rel)
    {
        using var p = Process.Start(new ProcessStartInfo("mkfifo", [Full(rel)]) { UseShellExecute = false })!;
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"mkfifo {rel} failed");
        }

        return this;
    }

    /// <summary>A hasher over this tree; memo in <see cref="Store"/> unless told otherwise.</summary>
    public ContextHasher Hasher(ContextFilter? filter = null, bool memo = true, TimeSpan? racyWindow = null, Action<string>? afterOpen = null) =>
        new(Root, new ContextHasherOptions
        {
            Filter = filter ?? ContextFilter.None,
            Store = memo ? Store : null,
            RacyWindow = racyWindow ?? TimeSpan.Zero,
            AfterOpen = afterOpen,
        });

    public static Blake3Hash HashOf(string content) => Blake3Hasher.Hash(Utf8.GetBytes(content));

    public void Dispose() => _dir.Dispose();
}
