namespace MediaBroker.Formats.Matroska;

/// <summary>Malformed or unsupported Matroska/WebM data.</summary>
public sealed class MatroskaProtocolException : Exception
{
    public MatroskaProtocolException()
    {
    }

    public MatroskaProtocolException(string message)
        : base(message)
    {
    }

    public MatroskaProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
