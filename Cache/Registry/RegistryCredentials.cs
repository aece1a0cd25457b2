namespace Builder.Cache.Registry;

/// <summary>A user name and password (or token) for one registry.</summary>
public sealed record RegistryCredentials(string Username, string Password)
{
    /// <summary>Hides the password when a record is printed or logged.</summary>
    public override string ToString() => $"{Username}:***";
}
