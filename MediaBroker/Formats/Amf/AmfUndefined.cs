namespace MediaBroker.Formats.Amf;

/// <summary>The AMF "undefined" value, distinct from null (which decodes as C# null).</summary>
public sealed class AmfUndefined
{
    private AmfUndefined()
    {
    }

    public static AmfUndefined Value { get; } = new();

    public override string ToString() => "undefined";
}
