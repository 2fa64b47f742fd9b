using System.Buffers.Binary;
using System.Diagnostics;

namespace MediaBroker.Bench;

/// <summary>The chunk demuxer half of the RTMP reader.</summary>
internal sealed partial class RtmpReader
{
    private readonly byte[] _header = new byte[16];

    /// <summary>Reads chunks until one message is complete; counts media and handles protocol control on the way.</summary>
    private async Task<(byte Type, byte[] Payload)> ReadMessageAsync(CancellationToken ct)
    {
        while (true)
        {
            await ReadAsync(_header.AsMemory(0, 1), ct);
            var fmt = _header[0] >> 6;
            var csid = _header[0] & 0x3f;
            if (csid == 0)
            {
                await ReadAsync(_header.AsMemory(0, 1), ct);
                csid = 64 + _header[0];
            }
            else if (csid == 1)
            {
                await ReadAsync(_header.AsMemory(0, 2), ct);
                csid = 64 + _header[0] + (_header[1] * 256);
            }

            if (!_streams.TryGetValue(csid, out var cs))
            {
                cs = new ChunkStream();
                _streams[csid] = cs;
            }

            var headerLength = fmt switch { 0 => 11, 1 => 7, 2 => 3, _ => 0 };
            if (headerLength > 0)
            {
                await ReadAsync(_header.AsMemory(0, headerLength), ct);
                var ts = (uint)((_header[0] << 16) | (_header[1] << 8) | _header[2]);
                cs.Extended = ts == 0xFFFFFF;
                if (fmt <= 1)
                {
                    cs.Length = (_header[3] << 16) | (_header[4] << 8) | _header[5];
                    cs.Type = _header[6];
                }

                if (cs.Extended)
                {
                    await ReadAsync(_header.AsMemory(0, 4), ct);
                    ts = BinaryPrimitives.ReadUInt32BigEndian(_header);
                }

                cs.Timestamp = fmt == 0 ? ts : cs.Timestamp + ts;
            }
            else if (cs.Extended)
            {
                await ReadAsync(_header.AsMemory(0, 4), ct);
            }

            if (cs.Buffer is null || cs.Filled == 0)
            {
                cs.Buffer = cs.Buffer is { } b && b.Length >= cs.Length ? b : new byte[Math.Max(cs.Length, 1)];
            }

            var n = Math.Min(_chunkSize, cs.Length - cs.Filled);
            await ReadAsync(cs.Buffer.AsMemory(cs.Filled, n), ct);
            ScanForMarker(cs, n);
            cs.Filled += n;
            if (cs.Filled < cs.Length)
            {
                continue;
            }

            cs.Filled = 0;
            var payload = cs.Buffer;
            switch (cs.Type)
            {
                case 1:
                    _chunkSize = BinaryPrimitives.ReadInt32BigEndian(payload) & 0x7fffffff;
                    break;
                case 5:
                    _window = BinaryPrimitives.ReadUInt32BigEndian(payload);
                    break;
                case 8:
                    _counters.AddMedia(cs.Length, 0);
                    break;
                case 9:
                    _counters.AddMedia(cs.Length, 1);
                    break;
                case 20:
                    // Commands are returned to the caller as copies: the buffer is reused by later chunks.
                    return (cs.Type, payload.AsSpan(0, cs.Length).ToArray());
                default:
                    break;
            }

            await AcknowledgeAsync(ct);
            return (cs.Type, []);
        }
    }

    /// <summary>
    /// With a latency sink, looks for the marker in each new chunk of a video message (with an overlap of one marker's
    /// length), timed when that chunk arrived rather than when the whole frame did.
    /// </summary>
    private void ScanForMarker(ChunkStream cs, int added)
    {
        if (_counters.Latency is not { } latency || cs.Type != 9 || cs.Buffer is null)
        {
            return;
        }

        var from = Math.Max(0, cs.Filled - SeiMarker.MaxNalSize);
        latency.Scan(cs.Buffer.AsSpan(from, cs.Filled + added - from), Stopwatch.GetTimestamp());
    }

    private async Task ReadAsync(Memory<byte> buffer, CancellationToken ct)
    {
        await _stream.ReadExactlyAsync(buffer, ct);
        _received += buffer.Length;
    }

    private async Task AcknowledgeAsync(CancellationToken ct)
    {
        if (_received - _acked < _window / 2)
        {
            return;
        }

        _acked = _received;
        var sequence = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(sequence, (uint)_received);
        await WriteMessageAsync(2, 3, 0, sequence, ct);
    }
}
