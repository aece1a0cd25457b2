using System.Runtime.InteropServices;

namespace Builder.Cache.Layers.Native;

/// <summary>
/// The system zstd library (Debian's <c>libzstd1</c>, <c>libzstd.so.1</c>), loaded on first use.
/// Loaded by hand instead of through <c>DllImport</c> so that the unversioned <c>libzstd.so</c>
/// (only in the -dev package) is not needed, and so that a missing library is one clear error
/// instead of a <see cref="DllNotFoundException"/> from deep inside a write.
/// </summary>
internal static unsafe class Zstd
{
    public const int CompressionLevelParameter = 100;
    public const int ChecksumFlagParameter = 201;
    public const int NbWorkersParameter = 400;
    public const int EndContinue = 0;
    public const int EndFlush = 1;
    public const int EndFrame = 2;

    private static readonly string[] LibraryNames = ["libzstd.so.1", "libzstd.so"];
    private static readonly Lazy<Functions> Api = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The library's functions; throws <see cref="InvalidOperationException"/> saying what to install if it is missing.</summary>
    public static Functions Get() => Api.Value;

    public static bool IsAvailable
    {
        get
        {
            try
            {
                _ = Api.Value;
                return true;
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        }
    }

    /// <summary>Throws when a size_t result is a zstd error code.</summary>
    public static nuint Check(nuint result, string operation)
    {
        var api = Get();
        if (api.IsError(result) != 0)
        {
            var name = Marshal.PtrToStringUTF8((nint)api.GetErrorName(result)) ?? "unknown error";
            throw new InvalidDataException($"zstd {operation} failed: {name}.");
        }

        return result;
    }

    private static Functions Load()
    {
        foreach (var name in LibraryNames)
        {
            if (NativeLibrary.TryLoad(name, out var handle))
            {
                return new Functions(handle);
            }
        }

        throw new InvalidOperationException(
            "zstd compression needs the system library libzstd.so.1, which was not found; " +
            "install libzstd1 (apt-get install libzstd1) or choose gzip compression.");
    }

    /// <summary><c>ZSTD_inBuffer</c> and <c>ZSTD_outBuffer</c> have the same layout: pointer, size, position.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Buffer
    {
        public void* Data;
        public nuint Size;
        public nuint Position;
    }

    public sealed class Functions
    {
        public Functions(nint lib)
        {
            CreateCCtx = (delegate* unmanaged<nint>)Export(lib, "ZSTD_createCCtx");
            FreeCCtx = (delegate* unmanaged<nint, nuint>)Export(lib, "ZSTD_freeCCtx");
            SetParameter = (delegate* unmanaged<nint, int, int, nuint>)Export(lib, "ZSTD_CCtx_setParameter");
            CompressStream2 = (delegate* unmanaged<nint, Buffer*, Buffer*, int, nuint>)Export(lib, "ZSTD_compressStream2");
            CStreamOutSize = (delegate* unmanaged<nuint>)Export(lib, "ZSTD_CStreamOutSize");
            CreateDStream = (delegate* unmanaged<nint>)Export(lib, "ZSTD_createDStream");
            FreeDStream = (delegate* unmanaged<nint, nuint>)Export(lib, "ZSTD_freeDStream");
            InitDStream = (delegate* unmanaged<nint, nuint>)Export(lib, "ZSTD_initDStream");
            DecompressStream = (delegate* unmanaged<nint, Buffer*, Buffer*, nuint>)Export(lib, "ZSTD_decompressStream");
            DStreamInSize = (delegate* unmanaged<nuint>)Export(lib, "ZSTD_DStreamInSize");
            IsError = (delegate* unmanaged<nuint, uint>)Export(lib, "ZSTD_isError");
            GetErrorName = (delegate* unmanaged<nuint, byte*>)Export(lib, "ZSTD_getErrorName");
            VersionNumber = (delegate* unmanaged<uint>)Export(lib, "ZSTD_versionNumber");
        }

        public delegate* unmanaged<nint> CreateCCtx { get; }

        public delegate* unmanaged<nint, nuint> FreeCCtx { get; }

        public delegate* unmanaged<nint, int, int, nuint> SetParameter { get; }

        public delegate* unmanaged<nint, Buffer*, Buffer*, int, nuint> CompressStream2 { get; }

        public delegate* unmanaged<nuint> CStreamOutSize { get; }

        public delegate* unmanaged<nint> CreateDStream { get; }

        public delegate* unmanaged<nint, nuint> FreeDStream { get; }

        public delegate* unmanaged<nint, nuint> InitDStream { get; }

        public delegate* unmanaged<nint, Buffer*, Buffer*, nuint> DecompressStream { get; }

        public delegate* unmanaged<nuint> DStreamInSize { get; }

        public delegate* unmanaged<nuint, uint> IsError { get; }

        public delegate* unmanaged<nuint, byte*> GetErrorName { get; }

        public delegate* unmanaged<uint> VersionNumber { get; }

        private static nint Export(nint lib, string name) =>
            NativeLibrary.TryGetExport(lib, name, out var address)
                ? address
                : throw new InvalidOperationException($"the system libzstd.so.1 has no {name}; install a current libzstd1 (1.4 or later).");
    }
}
