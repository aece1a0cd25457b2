#if NETSTANDARD2_0
// netstandard2.0 lacks the marker types that records and init-only setters compile against.
namespace System.Runtime.CompilerServices
{
    internal static class IsExternalInit { }
}
#endif
