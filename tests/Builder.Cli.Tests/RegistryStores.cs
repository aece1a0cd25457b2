namespace Builder.Cli.Tests;

/// <summary>
/// Two empty stores for registry tests: what one of them sends, the other can only get through
/// the registry. Both use one auth file (<c>--authfile</c>, kept in A's folder).
/// </summary>
internal sealed class RegistryStores : IDisposable
{
    public CliStore A { get; } = new();

    public CliStore B { get; } = new();

    public string AuthFile => A.Dir.Combine("auth.json");

    public void Dispose()
    {
        A.Dispose();
        B.Dispose();
    }
}
