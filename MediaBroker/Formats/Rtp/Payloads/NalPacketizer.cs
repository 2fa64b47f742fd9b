namespace MediaBroker.Formats.Rtp.Payloads;

/// <summary>
/// Shared layout of H.264 and H.265 packets: small NAL units are grouped into aggregation packets
/// (STAP-A / AP), big ones are split into fragmentation units (FU-A / FU), others go alone. The
/// marker is set on the last packet of the access unit.
/// </summary>
public abstract class NalPacketizer : RtpPacketizer
{
    private readonly List<ReadOnlyMemory<byte>> _nals = [];
    private readonly List<ReadOnlyMemory<byte>> _pending = [];

    protected NalPacketizer(RtpPacketizerOptions options)
        : base(options)
    {
    }

    /// <summary>Size of the NAL unit header (1 for H.264, 2 for H.265).</summary>
    protected abstract int NalHeaderLength { get; }

    /// <summary>Adds the parameter sets in front of a random access unit that lacks them.</summary>
    protected abstract void CollectNals(ReadOnlySpan<ReadOnlyMemory<byte>> payloads, List<ReadOnlyMemory<byte>> nals);

    /// <summary>Writes the aggregation packet's own header.</summary>
    protected abstract void WriteAggregationHeader(RtpPacketWriter writer, List<ReadOnlyMemory<byte>> nals);

    /// <summary>Writes the fragmentation unit's headers for one fragment of <paramref name="nal"/>.</summary>
    protected abstract void WriteFragmentHeader(RtpPacketWriter writer, ReadOnlySpan<byte> nal, bool start, bool end);

    protected override void Write(ReadOnlySpan<ReadOnlyMemory<byte>> payloads, RtpPacketWriter writer)
    {
        _nals.Clear();
        CollectNals(payloads, _nals);
        _pending.Clear();
        var pendingSize = 0;
        for (var i = 0; i < _nals.Count; i++)
        {
            var nal = _nals[i];
            if (nal.Length <= NalHeaderLength)
            {
                continue;
            }

            var last = i == _nals.Count - 1;
            if (nal.Length > MaxPayloadSize)
            {
                Flush(writer, false);
                pendingSize = 0;
                WriteFragments(writer, nal.Span, last);
                continue;
            }

            var added = nal.Length + 2;
            if (pendingSize + added + NalHeaderLength > MaxPayloadSize)
            {
                Flush(writer, false);
                pendingSize = 0;
            }

            _pending.Add(nal);
            pendingSize += added;
        }

        Flush(writer, true);
    }

    private void Flush(RtpPacketWriter writer, bool marker)
    {
        if (_pending.Count == 0)
        {
            return;
        }

        writer.StartPacket();
        if (_pending.Count == 1)
        {
            writer.Append(_pending[0].Span);
        }
        else
        {
            WriteAggregationHeader(writer, _pending);
            foreach (var nal in _pending)
            {
                writer.Append((byte)(nal.Length >> 8));
                writer.Append((byte)nal.Length);
                writer.Append(nal.Span);
            }
        }

        End(marker);
        _pending.Clear();
    }

    private void WriteFragments(RtpPacketWriter writer, ReadOnlySpan<byte> nal, bool lastNal)
    {
        var body = nal[NalHeaderLength..];
        var chunk = MaxPayloadSize - NalHeaderLength - 1;
        var start = true;
        while (body.Length > 0)
        {
            var n = Math.Min(chunk, body.Length);
            var end = n == body.Length;
            writer.StartPacket();
            WriteFragmentHeader(writer, nal, start, end);
            writer.Append(body[..n]);
            End(end && lastNal);
            body = body[n..];
            start = false;
        }
    }
}
