namespace MediaBroker.Formats.MpegTs;

/// <summary>
/// Reassembles PSI sections that span transport packets on one PID (§2.4.4.1: pointer_field on
/// payload_unit_start). Returns each complete section to the caller without copying when it fits in
/// one packet.
/// </summary>
internal sealed class PsiSectionAssembler
{
    private const int MaxSection = 1024;
    private readonly byte[] _buffer = new byte[MaxSection + 188];
    private int _length;
    private bool _active;

    /// <summary>Feeds the payload of one packet; calls <paramref name="sink"/> for every section completed.</summary>
    public void Push(ReadOnlySpan<byte> payload, bool unitStart, ISectionSink sink, int pid)
    {
        if (unitStart)
        {
            if (payload.Length == 0)
            {
                return;
            }

            int pointer = payload[0];
            if (1 + pointer > payload.Length)
            {
                Reset();
                return;
            }

            if (_active)
            {
                Append(payload.Slice(1, pointer), sink, pid);
            }

            Reset();
            payload = payload[(1 + pointer)..];
            _active = true;
        }

        if (_active)
        {
            Append(payload, sink, pid);
        }
    }

    public void Reset()
    {
        _length = 0;
        _active = false;
    }

    private void Append(ReadOnlySpan<byte> data, ISectionSink sink, int pid)
    {
        if (data.Length > _buffer.Length - _length)
        {
            Reset(); // longer than any legal section: lost packets merged two sections
            return;
        }

        data.CopyTo(_buffer.AsSpan(_length));
        _length += data.Length;
        while (_length > 0)
        {
            if (_buffer[0] == 0xFF)
            {
                Reset(); // stuffing after the last section
                return;
            }

            var total = PsiSection.TotalLength(_buffer.AsSpan(0, _length));
            if (total < 0 || _length < total)
            {
                if (total > MaxSection)
                {
                    Reset();
                }

                return;
            }

            // A complete section; anything after it starts the next section in this packet.
            sink.OnSection(pid, _buffer.AsSpan(0, total));
            var extra = _length - total;
            _buffer.AsSpan(total, extra).CopyTo(_buffer);
            _length = extra;
        }
    }
}

/// <summary>Receives complete PSI sections.</summary>
internal interface ISectionSink
{
    void OnSection(int pid, ReadOnlySpan<byte> section);
}
