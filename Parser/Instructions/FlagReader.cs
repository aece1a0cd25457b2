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
/// <remarks>
/// Values are kept per definition index, in arrays made on the first flag: most instructions have
/// none, and a dictionary keyed to the token struct is generic code the JIT compiles on first use
/// (the analyzer pays that in every compiler process).
/// </remarks>
internal sealed class FlagReader
{
    private readonly FlagDefinition[] _definitions;
    private SyntaxToken?[]? _strings;
    private bool?[]? _bools;
    private ImmutableArray<SyntaxToken>.Builder?[]? _lists;

    private FlagReader(FlagDefinition[] definitions) => _definitions = definitions;

    public static FlagReader Read(InstructionSyntax syntax, FlagDefinition[] definitions, ImmutableArray<Diagnostic>.Builder diagnostics)
    {
        var reader = new FlagReader(definitions);
        foreach (var flag in syntax.Flags)
        {
            string text = flag.Value;
            string body = text.StartsWith("--", StringComparison.Ordinal) ? text.Substring(2) : text;
            int eq = body.IndexOf('=');
            string name = eq < 0 ? body : body.Substring(0, eq);
            string? value = eq < 0 ? null : body.Substring(eq + 1);

            int index = reader.IndexOf(name);
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
                    var bools = reader._bools ??= new bool?[definitions.Length];
                    if (bools[index] is not null)
                    {
                        diagnostics.Add(Diagnostic.Create(InstructionDiagnostics.DuplicateFlag, flag.Span, name));
                        break;
                    }

                    if (value is null || value.Equals("true", StringComparison.OrdinalIgnoreCase))
                    {
                        bools[index] = true;
                    }
                    else if (value.Equals("false", StringComparison.OrdinalIgnoreCase))
                    {
                        bools[index] = false;
                    }
                    else
                    {
                        diagnostics.Add(Diagnostic.Create(InstructionDiagnostics.InvalidBooleanFlag, flag.Span, name, value));
                    }

                    break;
                case FlagKind.String:
                    var strings = reader._strings ??= new SyntaxToken?[definitions.Length];
                    if (value is null)
                    {
                        diagnostics.Add(Diagnostic.Create(InstructionDiagnostics.FlagMissingValue, flag.Span, name));
                    }
                    else if (strings[index] is not null)
                    {
                        diagnostics.Add(Diagnostic.Create(InstructionDiagnostics.DuplicateFlag, flag.Span, name));
                    }
                    else
                    {
                        strings[index] = new SyntaxToken(value, flag.Span);
                    }

                    break;
                default:
                    if (value is null)
                    {
                        diagnostics.Add(Diagnostic.Create(InstructionDiagnostics.FlagMissingValue, flag.Span, name));
                        break;
                    }

                    var lists = reader._lists ??= new ImmutableArray<SyntaxToken>.Builder?[definitions.Length];
                    (lists[index] ??= ImmutableArray.CreateBuilder<SyntaxToken>()).Add(new SyntaxToken(value, flag.Span));
                    break;
            }
        }

        return reader;
    }

    public SyntaxToken? String(string name) => IndexOf(name) is var i and >= 0 && _strings is { } strings ? strings[i] : null;

    /// <summary>Null when the flag was not given.</summary>
    public bool? Bool(string name) => IndexOf(name) is var i and >= 0 && _bools is { } bools ? bools[i] : null;

    public ImmutableArray<SyntaxToken> List(string name) =>
        IndexOf(name) is var i and >= 0 && _lists?[i] is { } list ? list.ToImmutable() : ImmutableArray<SyntaxToken>.Empty;

    // A handful of definitions per instruction: a scan beats hashing.
    private int IndexOf(string name)
    {
        for (int i = 0; i < _definitions.Length; i++)
        {
            if (string.Equals(_definitions[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
