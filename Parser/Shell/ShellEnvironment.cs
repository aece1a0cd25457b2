namespace Builder.Parser.Shell;

/// <summary>
/// An immutable, case-sensitive (Unix semantics) set of variables for <see cref="ShellLexer"/>.
/// </summary>
public sealed class ShellEnvironment : IShellEnvironment
{
    private readonly Dictionary<string, string> _values;

    private ShellEnvironment(Dictionary<string, string> values)
    {
        _values = values;
    }

    /// <summary>No variable is set.</summary>
    public static ShellEnvironment Empty { get; } = new(new Dictionary<string, string>(0, StringComparer.Ordinal));

    /// <summary>How many distinct names are set.</summary>
    public int Count => _values.Count;

    /// <summary>
    /// Builds an environment from <c>KEY=VALUE</c> entries, split at the first <c>=</c>. An entry
    /// without <c>=</c> sets <c>KEY</c> to the empty string. When a name repeats, the later entry wins.
    /// </summary>
    public static ShellEnvironment FromPairs(IEnumerable<string> keyEqualsValue)
    {
        if (keyEqualsValue is null)
        {
            throw new ArgumentNullException(nameof(keyEqualsValue));
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in keyEqualsValue)
        {
            if (pair is null)
            {
                throw new ArgumentException("Environment entries must not be null.", nameof(keyEqualsValue));
            }

            var eq = pair.IndexOf('=');
            if (eq < 0)
            {
                values[pair] = string.Empty;
            }
            else
            {
                values[pair.Substring(0, eq)] = pair.Substring(eq + 1);
            }
        }

        return new ShellEnvironment(values);
    }

    /// <summary>Copies <paramref name="values"/>; names are compared ordinally.</summary>
    public static ShellEnvironment FromDictionary(IReadOnlyDictionary<string, string> values)
    {
        if (values is null)
        {
            throw new ArgumentNullException(nameof(values));
        }

        var copy = new Dictionary<string, string>(values.Count, StringComparer.Ordinal);
        foreach (var entry in values)
        {
            copy[entry.Key] = entry.Value ?? string.Empty;
        }

        return new ShellEnvironment(copy);
    }

    /// <inheritdoc />
    public bool TryGetValue(string name, out string value)
    {
        if (name is not null && _values.TryGetValue(name, out var found))
        {
            value = found;
            return true;
        }

        value = string.Empty;
        return false;
    }
}
