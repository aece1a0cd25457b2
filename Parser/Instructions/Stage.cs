using System.Collections.Immutable;

namespace Builder.Parser.Instructions;

/// <summary>A build stage: its FROM and the instructions after it, up to the next FROM.</summary>
public sealed record Stage(int Index, FromInstruction From, ImmutableArray<Instruction> Instructions)
{
    /// <summary>The name after AS, lowercased as BuildKit compares it; null when unnamed.</summary>
    public string? Name => From.StageName?.Value.ToLowerInvariant();
}
