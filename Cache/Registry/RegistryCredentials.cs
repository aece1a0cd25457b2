using System.Text;

namespace Builder.Cache.Registry;

/// <summary>A user name and password (or token) for one registry.</summary>
public sealed record RegistryCredentials(string Username, string Password)
{
    /// <summary><c>base64(user:password)</c>: HTTP Basic authentication's token and the <c>auth</c> field of Docker's auth files.</summary>
    public string Encoded => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}"));

    /// <summary>Hides the password when a record is printed or logged.</summary>
    public override string ToString() => $"{Username}:***";
}
