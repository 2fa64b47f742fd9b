namespace MediaBroker.Protocols.Srt;

/// <summary>A libsrt call failed; <see cref="Code"/> is the SRT_ERRNO value.</summary>
public sealed class SrtException : IOException
{
    public SrtException()
    {
    }

    public SrtException(string message)
        : base(message)
    {
    }

    public SrtException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public SrtException(int code, string message)
        : base(message)
    {
        Code = code;
    }

    public int Code { get; }
}
