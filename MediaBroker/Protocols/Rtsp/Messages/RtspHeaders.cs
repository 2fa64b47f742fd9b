using System.Buffers;
using System.Text;

namespace MediaBroker.Protocols.Rtsp.Messages;

/// <summary>RTSP headers in arrival order; names compare case-insensitively (RFC 2326 §4.2).</summary>
public sealed class RtspHeaders
{
    private readonly List<KeyValuePair<string, string>> _items = [];

    public int Count => _items.Count;

    public IReadOnlyList<KeyValuePair<string, string>> All => _items;

    public string? this[string name]
    {
        get
        {
            foreach (var (k, v) in _items)
            {
                if (string.Equals(k, name, StringComparison.OrdinalIgnoreCase))
                {
                    return v;
                }
            }

            return null;
        }
    }

    public IEnumerable<string> GetAll(string name)
    {
        foreach (var (k, v) in _items)
        {
            if (string.Equals(k, name, StringComparison.OrdinalIgnoreCase))
            {
                yield return v;
            }
        }
    }

    public RtspHeaders Add(string name, string value)
    {
        _items.Add(new(name, value));
        return this;
    }

    /// <summary>Replaces every header of that name with one value.</summary>
    public RtspHeaders Set(string name, string value)
    {
        _items.RemoveAll(kv => string.Equals(kv.Key, name, StringComparison.OrdinalIgnoreCase));
        _items.Add(new(name, value));
        return this;
    }

    public bool Contains(string name) => this[name] is not null;

    internal void WriteTo(IBufferWriter<byte> output)
    {
        foreach (var (k, v) in _items)
        {
            Write(output, k);
            Write(output, ": ");
            Write(output, v);
            Write(output, "\r\n");
        }
    }

    internal static void Write(IBufferWriter<byte> output, string text)
    {
        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        output.Advance(Encoding.UTF8.GetBytes(text, span));
    }
}
