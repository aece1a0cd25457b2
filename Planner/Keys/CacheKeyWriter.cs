using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using Builder.Cache.Oci;

namespace Builder.Planner.Keys;

/// <summary>
/// The canonical byte encoding of a step, hashed with sha256 into its cache key. The layout is
/// written down in Planner/README.md ("Cache keys") and pinned by golden tests; change
/// <see cref="Version"/> when it changes.
/// </summary>
internal sealed class CacheKeyWriter
{
    public const string Version = "builder.planner.step.v1";

    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly ImmutableArray<KeyInput>.Builder _inputs = ImmutableArray.CreateBuilder<KeyInput>();

    public CacheKeyWriter(string op)
    {
        WriteRaw(Version);
        WriteRaw(op);
    }

    /// <summary>The fields written so far, in order (what <c>--explain</c> compares).</summary>
    public ImmutableArray<KeyInput> Inputs => _inputs.ToImmutable();

    public CacheKeyWriter String(string field, string? value)
    {
        _inputs.Add(new KeyInput(field, value is null ? [] : [value]));
        WriteRaw(field);
        if (value is null)
        {
            _hash.AppendData("n"u8);
        }
        else
        {
            _hash.AppendData("s"u8);
            WriteRaw(value);
        }

        return this;
    }

    public CacheKeyWriter Bool(string field, bool? value) =>
        String(field, value is null ? null : value.Value ? "true" : "false");

    public CacheKeyWriter List(string field, IReadOnlyCollection<string> values)
    {
        _inputs.Add(new KeyInput(field, [.. values]));
        WriteRaw(field);
        _hash.AppendData("l"u8);
        WriteLength(values.Count);
        foreach (var v in values)
        {
            WriteRaw(v);
        }

        return this;
    }

    public CacheKeyWriter Key(string field, Digest? key) => String(field, key?.ToString());

    public Digest Finish() => Digest.FromHash(_hash.GetHashAndReset());

    /// <summary>A string as a 4-byte big-endian byte count followed by its UTF-8 bytes.</summary>
    private void WriteRaw(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        WriteLength(bytes.Length);
        _hash.AppendData(bytes);
    }

    private void WriteLength(int length)
    {
        Span<byte> buffer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(buffer, (uint)length);
        _hash.AppendData(buffer);
    }
}
