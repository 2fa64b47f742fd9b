namespace MediaBroker.Formats.Amf;

/// <summary>Malformed AMF data: the message cannot be decoded and the session should close.</summary>
public sealed class AmfProtocolException : Exception
{
    public AmfProtocolException()
    {
    }

    public AmfProtocolException(string message)
        : base(message)
    {
    }

    public AmfProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
