using System.Globalization;
using System.Text;

namespace Builder.Parser.Printing;

/// <summary>
/// A minimal JSON writer (the Parser may not depend on System.Text.Json: it runs inside the
/// compiler on netstandard2.0). Output is compact-indented, keys in the order written.
/// </summary>
internal sealed class JsonText
{
    private readonly StringBuilder _sb = new();
    private readonly Stack<bool> _first = new();
    private int _depth;
    private bool _afterName;

    public JsonText StartObject() => Open('{');

    public JsonText EndObject() => Close('}');

    public JsonText StartArray() => Open('[');

    public JsonText EndArray() => Close(']');

    public JsonText Name(string name)
    {
        Separator();
        String(name);
        _sb.Append(": ");
        _afterName = true;
        return this;
    }

    public JsonText Value(string? value)
    {
        Separator();
        if (value is null)
        {
            _sb.Append("null");
        }
        else
        {
            String(value);
        }

        return this;
    }

    public JsonText Value(int value)
    {
        Separator();
        _sb.Append(value.ToString(CultureInfo.InvariantCulture));
        return this;
    }

    public JsonText Value(bool value)
    {
        Separator();
        _sb.Append(value ? "true" : "false");
        return this;
    }

    public JsonText Property(string name, string? value) => Name(name).Value(value);

    public JsonText Property(string name, int value) => Name(name).Value(value);

    public JsonText Property(string name, bool value) => Name(name).Value(value);

    public override string ToString() => _sb.ToString();

    private JsonText Open(char c)
    {
        Separator();
        _sb.Append(c);
        _first.Push(true);
        _depth++;
        return this;
    }

    private JsonText Close(char c)
    {
        bool empty = _first.Pop();
        _depth--;
        if (!empty)
        {
            NewLine();
        }

        _sb.Append(c);
        return this;
    }

    private void Separator()
    {
        if (_afterName)
        {
            _afterName = false;
            return;
        }

        if (_first.Count == 0)
        {
            return;
        }

        if (!_first.Peek())
        {
            _sb.Append(',');
        }

        _first.Pop();
        _first.Push(false);
        NewLine();
    }

    private void NewLine() => _sb.Append('\n').Append(' ', _depth * 2);

    private void String(string value)
    {
        _sb.Append('"');
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            switch (c)
            {
                case '"': _sb.Append("\\\""); break;
                case '\\': _sb.Append("\\\\"); break;
                case '\n': _sb.Append("\\n"); break;
                case '\r': _sb.Append("\\r"); break;
                case '\t': _sb.Append("\\t"); break;
                default:
                    bool pair = char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]);
                    if (pair)
                    {
                        _sb.Append(c).Append(value[++i]);
                    }
                    else if (c < 0x20 || char.IsSurrogate(c))
                    {
                        // Lone surrogates stand for raw bytes of non-UTF-8 input; keep them visible.
                        _sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        _sb.Append(c);
                    }

                    break;
            }
        }

        _sb.Append('"');
    }
}
