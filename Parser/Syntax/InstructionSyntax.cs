using System.Collections.Immutable;
using Builder.Parser.Text;

namespace Builder.Parser.Syntax;

/// <summary>How an instruction's arguments were written.</summary>
public enum ArgumentForm
{
    /// <summary>No arguments.</summary>
    None,

    /// <summary>A JSON array of strings (exec form).</summary>
    Json,

    /// <summary>The rest of the line as one string (shell form, USER, WORKDIR, ...).</summary>
    String,

    /// <summary>Words split on blanks without quote handling (FROM, EXPOSE, COPY, ADD, VOLUME).</summary>
    WhitespaceList,

    /// <summary>Quote-aware words (ARG).</summary>
    Words,

    /// <summary><c>name=value</c> pairs (ENV, LABEL).</summary>
    KeyValue,

    /// <summary>The legacy <c>name value</c> pair (ENV, LABEL).</summary>
    LegacyKeyValue,

    /// <summary>HEALTHCHECK: a type word, then a command in JSON or shell form.</summary>
    HealthCheck,

    /// <summary>ONBUILD: a nested instruction.</summary>
    SubInstruction,

    /// <summary>An unknown keyword: the arguments are not interpreted.</summary>
    Ignored,
}

/// <summary>
/// One instruction: its keyword, leading flags and arguments as BuildKit's parser reads them, and
/// every physical line it spans (continuations, interior comments, here-document bodies).
/// </summary>
/// <param name="FullSpan">Every byte of the instruction, from the start of its first line to the end of its last.</param>
public sealed record InstructionSyntax(TextSpan FullSpan) : SyntaxNode(FullSpan)
{
    /// <summary>From the keyword to the end of the logical line (here-document bodies excluded).</summary>
    public required TextSpan Span { get; init; }

    /// <summary>The keyword as written (original case).</summary>
    public required SyntaxToken Keyword { get; init; }

    /// <summary>The keyword lowercased: <c>from</c>, <c>run</c>, ...</summary>
    public required string Command { get; init; }

    public required ImmutableArray<SyntaxToken> Flags { get; init; }

    /// <summary>The argument values in BuildKit's order (ENV/LABEL: name, value, separator triples).</summary>
    public required ImmutableArray<SyntaxToken> Arguments { get; init; }

    /// <summary>For ENV and LABEL: the pairs.</summary>
    public ImmutableArray<KeyValueSyntax> KeyValues { get; init; } = ImmutableArray<KeyValueSyntax>.Empty;

    public required ArgumentForm Form { get; init; }

    /// <summary>For ONBUILD: the trigger instruction.</summary>
    public InstructionSyntax? Child { get; init; }

    public ImmutableArray<HeredocSyntax> Heredocs { get; init; } = ImmutableArray<HeredocSyntax>.Empty;

    public required ImmutableArray<LineSyntax> Lines { get; init; }

    /// <summary>The logical line: physical lines joined, comments dropped, escape characters removed.</summary>
    public required string Original { get; init; }

    /// <summary>The span of the arguments after the flags, in the source.</summary>
    public required TextSpan ArgumentsSpan { get; init; }

    /// <summary>Whether the arguments were a JSON array (exec form). For HEALTHCHECK, of the command.</summary>
    public bool IsJson => Form == ArgumentForm.Json || (Form == ArgumentForm.HealthCheck && HealthCheckIsJson);

    internal bool HealthCheckIsJson { get; init; }

    /// <summary>True for RUN, COPY and ADD (also behind ONBUILD) in shell form: they may carry heredocs.</summary>
    public bool CanContainHeredoc
    {
        get
        {
            var node = Command == "onbuild" && Child is not null ? Child : this;
            return (node.Command is "run" or "copy" or "add") && !node.IsJson;
        }
    }
}
