using System.Collections.Immutable;
using Builder.Parser.Diagnostics;
using Builder.Parser.Syntax;

namespace Builder.Parser.Instructions;

internal enum FlagKind
{
    /// <summary><c>--name=value</c>, at most once.</summary>
    String,

    /// <summary><c>--name</c>, <c>--name=true</c> or <c>--name=false</c>.</summary>
    Bool,

    /// <summary><c>--name=value</c>, repeatable.</summary>
    List,
}

internal readonly record struct FlagDefinition(string Name, FlagKind Kind);

/// <summary>
/// Reads an instruction's flags against the flags it accepts, the way BuildKit's BFlags does:
/// values only after '=', booleans as true/false, unknown and repeated flags reported with the
/// span of the flag.
/// </summary>
internal sealed class FlagReader
{
    private readonly Dictionary<string, SyntaxToken> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> _bools = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ImmutableArray<SyntaxToken>.Builder> _lists = new(StringComparer.Ordinal);

    private FlagReader()
    {
    }

    public static FlagReader Read(InstructionSyntax syntax, FlagDefinition[] definitions, ImmutableArray<Diagnostic>.Builder diagnostics)
    {
        var reader = new FlagReader();
        foreach (var flag in syntax.Flags)
        {
            string text = flag.Value;
            string body = text.StartsWith("--", StringComparison.Ordinal) ? text.Substring(2) : text;
            int eq = body.IndexOf('=');
            string name = eq < 0 ? body : body.Substring(0, eq);
            string? value = eq < 0 ? null : body.Substring(eq + 1);

            int index = Array.FindIndex(definitions, d => d.Name == name);
            if (index < 0)
            {
                diagnostics.Add(Diagnostic.Create(
                    InstructionDiagnostics.UnknownFlag, flag.Span, name, syntax.Command.ToUpperInvariant(),
                    DidYouMean.Suffix(name, definitions.Select(d => d.Name), s => "--" + s)));
                continue;
            }

            var definition = definitions[index];
            switch (definition.Kind)
            {
                case FlagKind.Bool:
                    if (reader._bools.ContainsKey(name))
                    {
                        diagnostics.Add(Diagnostic.Create(InstructionDiagnostics.DuplicateFlag, flag.Span, name));
                        break;
                    }

                    if (value is null || value.Equals("true", StringComparison.OrdinalIgnoreCase))
                    {
                        reader._bools[name] = true;
                    }
                    else if (value.Equals("false", StringComparison.OrdinalIgnoreCase))
                    {
                        reader._bools[name] = false;
                    }
                    else
                    {
                        diagnostics.Add(Diagnostic.Create(InstructionDiagnostics.InvalidBooleanFlag, flag.Span, name, value));
                    }

                    break;
                case FlagKind.String:
                    if (value is null)
                    {
                        diagnostics.Add(Diagnostic.Create(InstructionDiagnostics.FlagMissingValue, flag.Span, name));
                    }
                    else if (reader._strings.ContainsKey(name))
                    {
                        diagnostics.Add(Diagnostic.Create(InstructionDiagnostics.DuplicateFlag, flag.Span, name));
                    }
                    else
                    {
                        reader._strings[name] = new SyntaxToken(value, flag.Span);
                    }

                    break;
                default:
                    if (value is null)
                    {
                        diagnostics.Add(Diagnostic.Create(InstructionDiagnostics.FlagMissingValue, flag.Span, name));
                        break;
                    }

                    if (!reader._lists.TryGetValue(name, out var list))
                    {
                        reader._lists[name] = list = ImmutableArray.CreateBuilder<SyntaxToken>();
                    }

                    list.Add(new SyntaxToken(value, flag.Span));
                    break;
            }
        }

        return reader;
    }

    public SyntaxToken? String(string name) => _strings.TryGetValue(name, out var token) ? token : null;

    /// <summary>Null when the flag was not given.</summary>
    public bool? Bool(string name) => _bools.TryGetValue(name, out var value) ? value : null;

    public ImmutableArray<SyntaxToken> List(string name) =>
        _lists.TryGetValue(name, out var list) ? list.ToImmutable() : ImmutableArray<SyntaxToken>.Empty;
}
