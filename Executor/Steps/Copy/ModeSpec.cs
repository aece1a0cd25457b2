namespace Builder.Executor.Steps.Copy;

/// <summary>
/// A <c>--chmod</c> value: octal (<c>755</c>, <c>0644</c>: the same mode for files and
/// directories), or symbolic as chmod(1) writes it (Dockerfile 1.14+: <c>u+x</c>,
/// <c>u=rwX,go=rX</c>, <c>g=u</c>), applied to each copied entry's own mode. No umask applies:
/// a clause without who (<c>+x</c>) means <c>a</c>. <c>X</c> adds execute to directories and to
/// files that already have an execute bit, with every operator (Linux chmod; BuildKit's mode
/// library follows it since its BSD-only <c>+X</c> was fixed).
/// </summary>
internal sealed record ModeSpec
{
    private const uint UserBits = 0b111_000_000, GroupBits = 0b000_111_000, OtherBits = 0b000_000_111;
    private const uint SetUid = 0x800, SetGid = 0x400, Sticky = 0x200;

    private ModeSpec(uint? octal, string? symbolic)
    {
        Octal = octal;
        Symbolic = symbolic;
    }

    /// <summary>The octal mode, or null for a symbolic one.</summary>
    public uint? Octal { get; }

    private string? Symbolic { get; }

    /// <summary>The parsed value, or null when it is neither octal nor a valid symbolic mode.</summary>
    public static ModeSpec? Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (text.All(c => c is >= '0' and <= '7'))
        {
            return text.Length <= 4 ? new ModeSpec(Convert.ToUInt32(text, 8), null) : null;
        }

        var spec = new ModeSpec(null, text);
        try
        {
            spec.Apply(0, isDirectory: false);
            return spec;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>The mode an entry gets, from its current <paramref name="mode"/> (permission bits only).</summary>
    public uint Apply(uint mode, bool isDirectory)
    {
        if (Octal is { } octal)
        {
            return octal;
        }

        mode &= 0xFFF;
        foreach (var clause in Symbolic!.Split(','))
        {
            mode = ApplyClause(clause, mode, isDirectory);
        }

        return mode;
    }

    private static uint ApplyClause(string clause, uint mode, bool isDirectory)
    {
        int i = 0;
        uint who = 0;
        for (; i < clause.Length && clause[i] is 'u' or 'g' or 'o' or 'a'; i++)
        {
            who |= clause[i] switch { 'u' => UserBits | SetUid, 'g' => GroupBits | SetGid, 'o' => OtherBits | Sticky, _ => 0xFFFu };
        }

        if (who == 0)
        {
            who = 0xFFF;
        }

        if (i == clause.Length)
        {
            throw new FormatException("an operator (+, - or =) is missing");
        }

        while (i < clause.Length)
        {
            char op = clause[i++];
            if (op is not ('+' or '-' or '='))
            {
                throw new FormatException($"'{op}' is not an operator");
            }

            uint bits = 0;
            if (i < clause.Length && clause[i] is 'u' or 'g' or 'o')
            {
                bits = Copy(mode, clause[i++]);
            }
            else
            {
                for (; i < clause.Length && clause[i] is 'r' or 'w' or 'x' or 'X' or 's' or 't'; i++)
                {
                    bits |= clause[i] switch
                    {
                        'r' => 0b100_100_100u,
                        'w' => 0b010_010_010u,
                        'x' => 0b001_001_001u,
                        'X' => isDirectory || (mode & 0b001_001_001) != 0 ? 0b001_001_001u : 0,
                        's' => SetUid | SetGid,
                        _ => Sticky,
                    };
                }
            }

            bits &= who;
            mode = op switch
            {
                '+' => mode | bits,
                '-' => mode & ~bits,
                _ => (mode & ~who) | bits,
            };
        }

        return mode;
    }

    /// <summary><c>g=u</c>: the rwx bits of one class, repeated for every class.</summary>
    private static uint Copy(uint mode, char from)
    {
        uint rwx = from switch { 'u' => (mode >> 6) & 7, 'g' => (mode >> 3) & 7, _ => mode & 7 };
        return (rwx << 6) | (rwx << 3) | rwx;
    }
}
