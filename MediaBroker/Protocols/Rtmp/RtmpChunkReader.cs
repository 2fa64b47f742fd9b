using System.Buffers;
using System.Buffers.Binary;

namespace MediaBroker.Protocols.Rtmp;

/// <summary>
/// Reassembles RTMP messages from the chunk stream (RTMP specification 1.0 §5.3): basic headers with 1-3 byte
/// chunk stream ids, message headers of fmt 0-3, extended timestamps (also on type-3 chunks), interleaved
/// chunk streams and any chunk size up to 2^31-1. I/O-free; it keeps the per-chunk-stream state, so it
/// consumes whole chunks only and never a partial one.
/// </summary>
public sealed class RtmpChunkReader
{
    public const int DefaultChunkSize = 128;
    public const int MaxChunkSize = int.MaxValue;

    /// <summary>Bytes held in partially received messages, all chunk streams together.</summary>
    private const long MaxPendingBytes = 64L * 1024 * 1024;

    /// <summary>
    /// A message's first buffer; it doubles as chunks arrive. Allocating the announced length at once let 128 bytes of
    /// header on four chunk streams pin 64 MB per connection.
    /// </summary>
    private const int InitialMessageBuffer = 64 * 1024;

    private readonly Dictionary<int, ChunkStream> _streams = [];
    private long _pendingBytes;

    /// <summary>The peer's chunk size (set by its Set Chunk Size message).</summary>
    public int ChunkSize { get; private set; } = DefaultChunkSize;

    public void SetChunkSize(uint size)
    {
        // §5.4.1: the high bit must be zero; 0 would stall the stream forever.
        if (size is 0 or > MaxChunkSize)
        {
            throw new RtmpProtocolException($"invalid chunk size {size}");
        }

        ChunkSize = (int)size;
    }

    /// <summary>Abort Message (§5.4.2): drops the partial message of a chunk stream.</summary>
    public void Abort(uint chunkStreamId)
    {
        if (_streams.TryGetValue((int)chunkStreamId, out var cs) && cs.Buffer is not null)
        {
            _pendingBytes -= cs.Buffer.Length;
            cs.Buffer = null;
            cs.Received = 0;
        }
    }

    /// <summary>
    /// Reads chunks until one message is complete (true) or the input ends (false; the complete chunks read
    /// so far are consumed and remembered).
    /// </summary>
    public bool TryRead(ref SequenceReader<byte> reader, out RtmpMessage message)
    {
        while (true)
        {
            var start = reader.Consumed;
            if (!TryReadChunk(ref reader, out message, out var complete))
            {
                reader.Rewind(reader.Consumed - start);
                return false;
            }

            if (complete)
            {
                return true;
            }
        }
    }

    private bool TryReadChunk(ref SequenceReader<byte> reader, out RtmpMessage message, out bool complete)
    {
        message = default;
        complete = false;

        // Basic header (§5.3.1.1).
        if (!reader.TryRead(out var b0))
        {
            return false;
        }

        var fmt = b0 >> 6;
        int csid = b0 & 0x3F;
        if (csid == 0)
        {
            if (!reader.TryRead(out var b1))
            {
                return false;
            }

            csid = 64 + b1;
        }
        else if (csid == 1)
        {
            if (!reader.TryRead(out var b1) || !reader.TryRead(out var b2))
            {
                return false;
            }

            csid = 64 + b1 + (b2 << 8);
        }

        // Message header (§5.3.1.2), parsed into locals: state changes only once the whole chunk is here.
        Span<byte> h = stackalloc byte[11];
        var headerLength = fmt switch { 0 => 11, 1 => 7, 2 => 3, _ => 0 };
        if (!reader.TryCopyTo(h[..headerLength]))
        {
            return false;
        }

        reader.Advance(headerLength);
        _streams.TryGetValue(csid, out var cs);
        if (cs is null && fmt != 0)
        {
            throw new RtmpProtocolException($"chunk of type {fmt} on chunk stream {csid} before any type-0 chunk");
        }

        cs ??= new ChunkStream();
        var startsMessage = cs.Buffer is null;
        if (!startsMessage && fmt != 3)
        {
            throw new RtmpProtocolException($"chunk of type {fmt} on chunk stream {csid} in the middle of a message");
        }

        uint timestampField = fmt == 3 ? cs.TimestampField : (uint)((h[0] << 16) | (h[1] << 8) | h[2]);
        var length = fmt <= 1 ? (h[3] << 16) | (h[4] << 8) | h[5] : cs.Length;
        var type = fmt <= 1 ? (RtmpMessageType)h[6] : cs.Type;
        var streamId = fmt == 0 ? BinaryPrimitives.ReadUInt32LittleEndian(h[7..]) : cs.StreamId;

        // Extended timestamp (§5.3.1.3). On type-3 chunks it repeats the previous one; a few old encoders
        // omit it there, so it is taken only when it matches.
        var extended = fmt == 3 ? cs.Extended : timestampField == 0xFFFFFF;
        if (extended)
        {
            if (!reader.TryReadBigEndian(out int ext))
            {
                return false;
            }

            if (fmt == 3 && (uint)ext != cs.ExtendedValue)
            {
                reader.Rewind(4);
            }
            else
            {
                timestampField = (uint)ext;
            }
        }

        var received = startsMessage ? 0 : cs.Received;
        var chunkLength = Math.Min(ChunkSize, length - received);
        if (reader.Remaining < chunkLength)
        {
            return false;
        }

        // The whole chunk is here: commit.
        _streams[csid] = cs;
        if (startsMessage)
        {
            cs.Timestamp = fmt == 0 ? timestampField : cs.Timestamp + timestampField;
            cs.TimestampField = timestampField;
            cs.Extended = extended;
            cs.ExtendedValue = extended ? timestampField : 0;
            cs.Length = length;
            cs.Type = type;
            cs.StreamId = streamId;
            if (_pendingBytes + length > MaxPendingBytes)
            {
                throw new RtmpProtocolException("too many bytes in partially received messages");
            }

            // Not zeroed: every byte is copied in from chunks before the message is handed out, and clearing
            // a frame-sized array per message was 3 % of a publisher's CPU (memset in the profile).
            cs.Buffer = length == 0 ? [] : GC.AllocateUninitializedArray<byte>(Math.Min(length, InitialMessageBuffer));
            cs.Received = 0;
            _pendingBytes += length;
        }

        if (cs.Received + chunkLength > cs.Buffer!.Length)
        {
            var grown = GC.AllocateUninitializedArray<byte>((int)Math.Min(cs.Length, Math.Max(2L * cs.Buffer.Length, cs.Received + chunkLength)));
            cs.Buffer.AsSpan(0, cs.Received).CopyTo(grown);
            cs.Buffer = grown;
        }

        reader.TryCopyTo(cs.Buffer.AsSpan(cs.Received, chunkLength));
        reader.Advance(chunkLength);
        cs.Received += chunkLength;
        if (cs.Received < cs.Length)
        {
            return true;
        }

        message = new RtmpMessage(csid, cs.Timestamp, cs.Type, cs.StreamId, cs.Buffer);
        _pendingBytes -= cs.Length;
        cs.Buffer = null;
        cs.Received = 0;
        complete = true;
        return true;
    }

    /// <summary>What the previous chunk of one chunk stream said (§5.3.1.2: later headers inherit fields).</summary>
    private sealed class ChunkStream
    {
        public uint Timestamp;
        public uint TimestampField; // absolute for fmt 0, delta for fmt 1/2: what a type-3 message start adds
        public bool Extended;
        public uint ExtendedValue;
        public int Length;
        public RtmpMessageType Type;
        public uint StreamId;
        public byte[]? Buffer;
        public int Received;
    }

    /// <summary>
    /// Reads every complete message of <paramref name="buffer"/>. Set Chunk Size and Abort are applied at once, since
    /// they change how the very next chunk parses; every other message goes to <paramref name="output"/>.
    /// </summary>
    /// <returns>Bytes consumed.</returns>
    public long ReadMessages(ReadOnlySequence<byte> buffer, Action<RtmpMessage> output, out SequencePosition position)
    {
        var reader = new SequenceReader<byte>(buffer);
        while (TryRead(ref reader, out var message))
        {
            switch (message.Type)
            {
                case RtmpMessageType.SetChunkSize:
                    SetChunkSize(RtmpControl.ReadUInt32(message));
                    break;
                case RtmpMessageType.Abort:
                    Abort(RtmpControl.ReadUInt32(message));
                    break;
                default:
                    output(message);
                    break;
            }
        }

        position = reader.Position;
        return reader.Consumed;
    }
}
