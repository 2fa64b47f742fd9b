namespace MediaBroker.Formats.Amf;

/// <summary>
/// An AMF anonymous object or ECMA array: ordered properties (order matters to some clients, e.g. in
/// onMetaData), looked up by name. Values are double, bool, string, null, <see cref="AmfUndefined"/>,
/// <see cref="AmfObject"/>, <c>object?[]</c> (strict array) or <see cref="DateTime"/>.
/// </summary>
public sealed class AmfObject
{
    private readonly List<KeyValuePair<string, object?>> _properties = [];

    public AmfObject(bool isEcmaArray = false) => IsEcmaArray = isEcmaArray;

    /// <summary>Encoded as an ECMA array (marker 0x08) instead of an object (0x03).</summary>
    public bool IsEcmaArray { get; }

    public IReadOnlyList<KeyValuePair<string, object?>> Properties => _properties;

    public int Count => _properties.Count;

    /// <summary>Gets a property (null when absent) or sets it, replacing an existing one in place.</summary>
    public object? this[string name]
    {
        get => TryGet(name, out var v) ? v : null;
        set
        {
            for (var i = 0; i < _properties.Count; i++)
            {
                if (_properties[i].Key == name)
                {
                    _properties[i] = new(name, value);
                    return;
                }
            }

            _properties.Add(new(name, value));
        }
    }

    public bool TryGet(string name, out object? value)
    {
        foreach (var p in _properties)
        {
            if (p.Key == name)
            {
                value = p.Value;
                return true;
            }
        }

        value = null;
        return false;
    }

    public string? GetString(string name) => this[name] as string;

    public double? GetNumber(string name) => this[name] is double d ? d : null;

    /// <summary>Adds a property without checking for duplicates (decoding keeps what the wire says).</summary>
    public AmfObject Add(string name, object? value)
    {
        _properties.Add(new(name, value));
        return this;
    }
}
