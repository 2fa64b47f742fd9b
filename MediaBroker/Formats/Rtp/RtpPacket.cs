namespace MediaBroker.Formats.Rtp;

/// <summary>
/// One RTP packet: the parsed header, the payload (a slice of <see cref="Raw"/>, padding removed)
/// and the whole datagram, so that it can be forwarded without re-serializing.
/// </summary>
public readonly record struct RtpPacket(RtpHeader Header, ReadOnlyMemory<byte> Payload)
{
    /// <summary>The datagram the packet was parsed from (empty for packets built in memory).</summary>
    public ReadOnlyMemory<byte> Raw { get; init; }

    /// <summary>Padding bytes that followed the payload (RFC 3550 §5.1, P bit).</summary>
    public int PaddingLength { get; init; }

    public bool Marker => Header.Marker;

    public ushort SequenceNumber => Header.SequenceNumber;

    public uint Timestamp => Header.Timestamp;

    public byte PayloadType => Header.PayloadType;

    public uint Ssrc => Header.Ssrc;

    /// <summary>Bytes <see cref="Write"/> produces (header and payload, no padding).</summary>
    public int Length => Header.Length + Payload.Length;

    /// <summary>
    /// Parses a datagram. Returns false when <paramref name="datagram"/> is shorter than the header it
    /// announces (a truncated read); throws <see cref="RtpProtocolException"/> when it is not RTP version 2
    /// or its padding is impossible. The payload is a slice: nothing is copied.
    /// </summary>
    public static bool TryParse(ReadOnlyMemory<byte> datagram, out RtpPacket packet)
    {
        packet = default;
        var span = datagram.Span;
        if (span.Length < RtpHeader.FixedLength)
        {
            return false;
        }

        if (span[0] >> 6 != 2)
        {
            throw new RtpProtocolException($"RTP version {span[0] >> 6}, expected 2");
        }

        var hasPadding = (span[0] & 0x20) != 0;
        var hasExtension = (span[0] & 0x10) != 0;
        var csrcCount = span[0] & 0x0F;
        var offset = RtpHeader.FixedLength + (csrcCount * 4);
        if (span.Length < offset)
        {
            return false;
        }

        var csrcs = datagram[RtpHeader.FixedLength..offset];
        ushort profile = 0;
        var extension = ReadOnlyMemory<byte>.Empty;
        if (hasExtension)
        {
            // RFC 3550 §5.3.1: 16-bit profile, 16-bit length in 32-bit words, then the words.
            if (span.Length < offset + 4)
            {
                return false;
            }

            profile = (ushort)((span[offset] << 8) | span[offset + 1]);
            var words = (span[offset + 2] << 8) | span[offset + 3];
            var end = offset + 4 + (words * 4);
            if (span.Length < end)
            {
                return false;
            }

            extension = datagram[(offset + 4)..end];
            offset = end;
        }

        var payloadEnd = span.Length;
        var padding = 0;
        if (hasPadding)
        {
            // The last octet counts the padding, itself included.
            padding = span[^1];
            if (padding == 0 || payloadEnd - padding < offset)
            {
                throw new RtpProtocolException($"RTP padding of {padding} bytes does not fit the packet");
            }

            payloadEnd -= padding;
        }

        var header = new RtpHeader(
            (span[1] & 0x80) != 0,
            (byte)(span[1] & 0x7F),
            (ushort)((span[2] << 8) | span[3]),
            (uint)((span[4] << 24) | (span[5] << 16) | (span[6] << 8) | span[7]),
            (uint)((span[8] << 24) | (span[9] << 16) | (span[10] << 8) | span[11]))
        {
            Csrcs = csrcs,
            HasExtension = hasExtension,
            ExtensionProfile = profile,
            Extension = extension,
        };
        packet = new RtpPacket(header, datagram[offset..payloadEnd]) { Raw = datagram, PaddingLength = padding };
        return true;
    }

    /// <summary>Serializes header and payload (without padding); returns the bytes written.</summary>
    public int Write(Span<byte> destination)
    {
        if (destination.Length < Length)
        {
            throw new ArgumentException("destination too small for the RTP packet", nameof(destination));
        }

        var n = Header.Write(destination);
        Payload.Span.CopyTo(destination[n..]);
        return n + Payload.Length;
    }

    /// <summary>
    /// Tells RTCP from RTP on a multiplexed port (RFC 5761 §4): RTCP packet types 192-223 land on
    /// payload-type values 64-95 once the marker bit is masked.
    /// </summary>
    public static bool LooksLikeRtcp(ReadOnlySpan<byte> datagram) =>
        datagram.Length >= 2 && datagram[1] >= 192 && datagram[1] <= 223;
}
