namespace MediaBroker.Formats.Fmp4;

/// <summary>Malformed MP4 / fragmented MP4 input: a box that does not fit its parent, an impossible size or count.</summary>
public sealed class Mp4ProtocolException : Exception
{
    public Mp4ProtocolException()
    {
    }

    public Mp4ProtocolException(string message)
        : base(message)
    {
    }

    public Mp4ProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
