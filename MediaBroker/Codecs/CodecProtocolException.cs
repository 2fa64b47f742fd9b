namespace MediaBroker.Codecs;

/// <summary>
/// A codec bitstream structure (parameter set, frame header, configuration record...) is malformed.
/// Incomplete input is never reported this way: parsers return false for it.
/// </summary>
public sealed class CodecProtocolException : Exception
{
    public CodecProtocolException()
    {
    }

    public CodecProtocolException(string message)
        : base(message)
    {
    }

    public CodecProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
