using System.Text;

namespace Builder.Parser.Tests.Robustness;

/// <summary>The bytes being mutated, the random source, and the position helpers mutations share.</summary>
internal sealed class MutationBuffer
{
    private readonly List<byte> _bytes;

    public MutationBuffer(byte[] initial, Random random, IReadOnlyList<FuzzSeed> corpus)
    {
        _bytes = new List<byte>(initial);
        Random = random;
        Corpus = corpus;
    }

    public Random Random { get; }

    public IReadOnlyList<FuzzSeed> Corpus { get; }

    public int Count => _bytes.Count;

    public byte this[int index]
    {
        get => _bytes[index];
        set => _bytes[index] = value;
    }

    public byte[] ToArray() => _bytes.ToArray();

    public List<byte> Bytes => _bytes;

    /// <summary>Any position in [0, Count]; half of the time moved to just after a blank or line break.</summary>
    public int Position()
    {
        int p = Random.Next(_bytes.Count + 1);
        if (Random.Next(2) == 0)
        {
            for (int k = 0; k < 256 && p < _bytes.Count; k++, p++)
            {
                if (p > 0 && (_bytes[p - 1] == (byte)'\n' || _bytes[p - 1] == (byte)' '))
                {
                    break;
                }
            }
        }

        return p;
    }

    /// <summary>The start of a random line (0 or just after a <c>\n</c>).</summary>
    public int LineStart()
    {
        int p = Random.Next(_bytes.Count + 1);
        while (p > 0 && _bytes[p - 1] != (byte)'\n')
        {
            p--;
        }

        return p;
    }

    /// <summary>The [start, end) of a random line, its line break included.</summary>
    public (int Start, int End) Line()
    {
        int start = LineStart();
        int end = start;
        while (end < _bytes.Count && _bytes[end] != (byte)'\n')
        {
            end++;
        }

        return (start, Math.Min(end + 1, _bytes.Count));
    }

    /// <summary>A length that is usually small and now and then large.</summary>
    public int Length(int max = 64)
    {
        int roll = Random.Next(10);
        int limit = roll < 7 ? 8 : roll < 9 ? max : max * 64;
        return 1 + Random.Next(limit);
    }

    public void Insert(int at, byte[] bytes) => _bytes.InsertRange(Math.Min(at, _bytes.Count), bytes);

    public void Insert(int at, string text) => Insert(at, Encoding.UTF8.GetBytes(text));

    public void Remove(int start, int length)
    {
        start = Math.Min(start, _bytes.Count);
        _bytes.RemoveRange(start, Math.Min(length, _bytes.Count - start));
    }

    public byte[] Slice(int start, int length)
    {
        start = Math.Min(start, _bytes.Count);
        return _bytes.GetRange(start, Math.Min(length, _bytes.Count - start)).ToArray();
    }

    public void Truncate(int length)
    {
        if (_bytes.Count > length)
        {
            _bytes.RemoveRange(length, _bytes.Count - length);
        }
    }

    public void Replace(byte[] bytes)
    {
        _bytes.Clear();
        _bytes.AddRange(bytes);
    }

    public T Pick<T>(IReadOnlyList<T> items) => items[Random.Next(items.Count)];
}
