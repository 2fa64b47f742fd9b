using System.Security.Cryptography;

namespace MediaBroker.Formats.Rtp.Payloads;

/// <summary>How a packetizer numbers its packets; by default SSRC and initial sequence are random (RFC 3550 §5.1).</summary>
public sealed record RtpPacketizerOptions
{
    public required byte PayloadType { get; init; }

    /// <summary>Largest RTP payload: the UDP max payload size minus the 12-byte RTP header.</summary>
    public int MaxPayloadSize { get; init; } = 1460 - RtpHeader.FixedLength;

    public uint Ssrc { get; init; } = (uint)RandomNumberGenerator.GetInt32(int.MinValue, int.MaxValue);

    public ushort InitialSequenceNumber { get; init; } = (ushort)RandomNumberGenerator.GetInt32(0, 0x10000);
}
