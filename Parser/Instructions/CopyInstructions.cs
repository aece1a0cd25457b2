using System.Collections.Immutable;
using Builder.Parser.Syntax;

namespace Builder.Parser.Instructions;

/// <summary>A COPY/ADD source written inline as a here-document.</summary>
public sealed record HeredocSource(HeredocSyntax Heredoc)
{
    /// <summary>The file name the content gets in the destination (the delimiter word).</summary>
    public string Name => Heredoc.Name;
}

/// <summary>The options COPY and ADD share.</summary>
public sealed record CopyOptions(
    SyntaxToken? Chown,
    SyntaxToken? Chmod,
    bool Link,
    ImmutableArray<SyntaxToken> Excludes);

/// <summary><c>COPY [options] SRC... DEST</c>.</summary>
public sealed record CopyInstruction(
    InstructionSyntax Syntax,
    ImmutableArray<SyntaxToken> Sources,
    ImmutableArray<HeredocSource> HeredocSources,
    SyntaxToken Destination,
    SyntaxToken? From,
    bool Parents,
    CopyOptions Options) : Instruction(Syntax);

/// <summary><c>ADD [options] SRC... DEST</c>: also URLs, git repositories and local archives.</summary>
public sealed record AddInstruction(
    InstructionSyntax Syntax,
    ImmutableArray<SyntaxToken> Sources,
    ImmutableArray<HeredocSource> HeredocSources,
    SyntaxToken Destination,
    SyntaxToken? Checksum,
    bool KeepGitDir,
    bool? Unpack,
    CopyOptions Options) : Instruction(Syntax);
