using System.Runtime.InteropServices;

namespace Builder.Cache.Context.Native;

/// <summary>
/// The official BLAKE3 C API (<c>blake3.h</c>) in libbuilder_blake3.so. Hasher state is memory
/// the caller allocates with <see cref="HasherSize"/> bytes; the functions never fail.
/// </summary>
internal static unsafe partial class Blake3Native
{
    public const int KeyLength = 32;
    public const int OutLength = 32;

    private static readonly Lazy<int> LazyHasherSize = new(() =>
    {
        NativeLibraries.EnsureRegistered();
        return checked((int)builder_blake3_hasher_size());
    });

    /// <summary><c>sizeof(blake3_hasher)</c> as compiled into the library.</summary>
    public static int HasherSize => LazyHasherSize.Value;

    /// <summary>The version of the C implementation, e.g. <c>1.3.1</c>.</summary>
    public static string Version
    {
        get
        {
            NativeLibraries.EnsureRegistered();
            return Marshal.PtrToStringUTF8((IntPtr)blake3_version()) ?? string.Empty;
        }
    }

    [LibraryImport(NativeLibraries.Blake3)]
    internal static partial nuint builder_blake3_hasher_size();

    [LibraryImport(NativeLibraries.Blake3)]
    internal static partial byte* blake3_version();

    [LibraryImport(NativeLibraries.Blake3)]
    internal static partial void blake3_hasher_init(void* self);

    [LibraryImport(NativeLibraries.Blake3)]
    internal static partial void blake3_hasher_init_keyed(void* self, byte* key);

    [LibraryImport(NativeLibraries.Blake3)]
    internal static partial void blake3_hasher_init_derive_key_raw(void* self, byte* context, nuint contextLength);

    [LibraryImport(NativeLibraries.Blake3)]
    internal static partial void blake3_hasher_update(void* self, byte* input, nuint inputLength);

    [LibraryImport(NativeLibraries.Blake3)]
    internal static partial void blake3_hasher_finalize(void* self, byte* output, nuint outputLength);

    [LibraryImport(NativeLibraries.Blake3)]
    internal static partial void blake3_hasher_reset(void* self);
}
