namespace MediaBroker.Formats.Sdp;

/// <summary>An <c>a=</c> line: a property attribute has no value (<c>a=recvonly</c>), a value attribute has one.</summary>
public readonly record struct SdpAttribute(string Name, string? Value = null)
{
    public override string ToString() => Value is null ? Name : $"{Name}:{Value}";

    internal static SdpAttribute Parse(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? new SdpAttribute(text) : new SdpAttribute(text[..colon], text[(colon + 1)..]);
    }
}
