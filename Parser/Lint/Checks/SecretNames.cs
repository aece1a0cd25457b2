namespace Builder.Parser.Lint.Checks;

/// <summary>
/// Whether an ARG/ENV name looks like it holds a secret: one of its <c>_</c>-separated words is a
/// secret word, and none marks it as harmless (a public key, a path to a secret file).
/// </summary>
internal static class SecretNames
{
    private static readonly HashSet<string> Secret = new(StringComparer.OrdinalIgnoreCase)
    {
        "apikey", "auth", "credential", "credentials", "key", "password", "pword", "passwd", "secret", "token",
    };

    private static readonly HashSet<string> Harmless = new(StringComparer.OrdinalIgnoreCase) { "public", "file" };

    public static bool IsSecret(string name)
    {
        var words = name.Split('_');
        if (words.Any(Harmless.Contains))
        {
            return false;
        }

        for (int i = 0; i < words.Length; i++)
        {
            // "auth" also starts names of things that are not credentials (AUTH_MODULE_VERSION):
            // only a trailing "auth" counts.
            if (Secret.Contains(words[i]) && (!string.Equals(words[i], "auth", StringComparison.OrdinalIgnoreCase) || i == words.Length - 1))
            {
                return true;
            }
        }

        return false;
    }
}
