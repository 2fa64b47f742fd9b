namespace MediaBroker.Formats.MpegTs;

/// <summary>What was malformed in an MPEG-TS stream (ISO/IEC 13818-1).</summary>
public enum MpegTsError
{
    BadSyncByte,
    BadAdaptationField,
    BadPesHeader,
    BadSection,
    BadCrc,
    BadElementaryStream,
}

/// <summary>Malformed MPEG-TS input. The demuxer catches it per PES or section and counts it.</summary>
public sealed class MpegTsProtocolException : Exception
{
    public MpegTsProtocolException()
    {
    }

    public MpegTsProtocolException(string message)
        : base(message)
    {
    }

    public MpegTsProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public MpegTsProtocolException(MpegTsError error, string message)
        : base(message) => Error = error;

    public MpegTsError Error { get; }
}
