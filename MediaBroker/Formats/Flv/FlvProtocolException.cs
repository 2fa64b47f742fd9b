namespace MediaBroker.Formats.Flv;

/// <summary>A malformed FLV tag or codec configuration record.</summary>
public sealed class FlvProtocolException : Exception
{
    public FlvProtocolException()
    {
    }

    public FlvProtocolException(string message)
        : base(message)
    {
    }

    public FlvProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
