namespace Builder.Parser.Shell;

/// <summary>The variables a <see cref="ShellLexer"/> can expand.</summary>
public interface IShellEnvironment
{
    /// <summary>
    /// Looks up <paramref name="name"/>. A variable that is set to the empty string is found
    /// (returns <see langword="true"/> with an empty <paramref name="value"/>); <c>${V-x}</c> and
    /// <c>${V:-x}</c> differ exactly there.
    /// </summary>
    bool TryGetValue(string name, out string value);
}
