using System.Collections.Immutable;
using Builder.Parser.Lint.Shell;

namespace Builder.Parser.Lint.Checks;

/// <summary>
/// A simple command seen through wrappers: leading <c>NAME=value</c> assignments, shell keywords
/// (<c>if then do { !</c>), <c>sudo</c> and <c>env</c> are stepped over to the program that runs.
/// </summary>
internal readonly record struct ShellCommandView(ShellWord Name, ImmutableArray<ShellWord> Arguments, ShellWord? Sudo)
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "if", "then", "else", "elif", "do", "while", "until", "{", "}", "!", "time", "exec", "command", "nohup",
    };

    public string Program => Name.Value;

    public static ShellCommandView? From(ShellCommand command)
    {
        var words = command.Words;
        int i = 0;
        ShellWord? sudo = null;
        while (i < words.Length)
        {
            string w = words[i].Value;
            if (Keywords.Contains(w) || IsAssignment(w))
            {
                i++;
            }
            else if (w is "sudo" or "env")
            {
                sudo ??= w == "sudo" ? words[i] : null;
                i++;
                while (i < words.Length && (words[i].Value.StartsWith("-", StringComparison.Ordinal) || IsAssignment(words[i].Value)))
                {
                    i++;
                }
            }
            else
            {
                break;
            }
        }

        if (i >= words.Length)
        {
            return sudo is { } only ? new ShellCommandView(only, ImmutableArray<ShellWord>.Empty, only) : null;
        }

        return new ShellCommandView(words[i], words.RemoveRange(0, i + 1), sudo);
    }

    /// <summary>The first argument that is not an option (the subcommand of apt-get, pip, apk).</summary>
    public ShellWord? Subcommand => Arguments.FirstOrDefault(a => !a.Value.StartsWith("-", StringComparison.Ordinal)) is { Value: not null } s ? s : null;

    public bool HasOption(params string[] options) => Arguments.Any(a => options.Contains(a.Value, StringComparer.Ordinal));

    private static bool IsAssignment(string word)
    {
        int eq = word.IndexOf('=');
        return eq > 0 && word.Take(eq).All(c => char.IsLetterOrDigit(c) || c == '_') && !char.IsDigit(word[0]);
    }
}
