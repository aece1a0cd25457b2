using Builder.Parser.Shell;

namespace Builder.Parser.Lint.Checks;

/// <summary>
/// The variables in scope at one point of a stage. A name declared without a value (<c>ARG X</c>)
/// is in scope for UndefinedVar but unset when a value is expanded.
/// </summary>
internal sealed class Scope : IShellEnvironment
{
    private readonly Dictionary<string, string?> _values;

    public Scope(Scope? parent = null)
    {
        _values = parent is null ? new(StringComparer.Ordinal) : new(parent._values, StringComparer.Ordinal);
    }

    /// <summary>When true, names declared without a value count as set (to the empty string).</summary>
    public bool DeclaredIsSet { get; init; } = true;

    public IEnumerable<string> Names => _values.Keys;

    public void Declare(string name, string? value) => _values[name] = value;

    public bool TryGetValue(string name, out string value)
    {
        if (_values.TryGetValue(name, out var found) && (found is not null || DeclaredIsSet))
        {
            value = found ?? string.Empty;
            return true;
        }

        value = string.Empty;
        return false;
    }
}
