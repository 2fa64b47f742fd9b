using MediaBroker.Core;
using MediaBroker.Media;
using MediaBroker.Formats.MpegTs;

namespace MediaBroker.Streams.MpegTs;

/// <summary>
/// The transport packets produced for one unit (with any PAT/PMT/PCR written before it), shared by
/// every MPEG-TS reader of a stream. Immutable. A video key frame chunk starts with PAT/PMT, so a reader
/// that starts at it can decode at once.
/// </summary>
public sealed class TsChunk : IFanoutItem
{
    /// <summary>Packets per SRT/UDP message: 7 × 188 = 1316 bytes fits an Ethernet MTU with IP/UDP/SRT headers.</summary>
    public const int PacketsPerMessage = 7;

    public TsChunk(ReadOnlyMemory<byte> data, bool isVideo, bool isKeyFrame)
    {
        if (data.Length % TsPacketHeader.PacketSize != 0)
        {
            throw new ArgumentException("a chunk holds whole 188-byte packets", nameof(data));
        }

        Data = data;
        IsVideo = isVideo;
        IsKeyFrame = isKeyFrame;
    }

    /// <summary>Whole 188-byte packets.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    public bool IsVideo { get; }

    public bool IsKeyFrame { get; }

    public int PacketCount => Data.Length / TsPacketHeader.PacketSize;

    /// <summary>
    /// Slices the chunk into messages of at most <paramref name="packetsPerMessage"/> packets (the last may
    /// be shorter), without copying: <c>foreach (var m in chunk.Messages()) send(m);</c>
    /// </summary>
    public TsMessageEnumerator Messages(int packetsPerMessage = PacketsPerMessage) => new(Data, packetsPerMessage * TsPacketHeader.PacketSize);
}

/// <summary>Allocation-free enumeration of a chunk's messages.</summary>
public struct TsMessageEnumerator
{
    private readonly ReadOnlyMemory<byte> _data;
    private readonly int _messageSize;
    private int _offset;

    internal TsMessageEnumerator(ReadOnlyMemory<byte> data, int messageSize)
    {
        _data = data;
        _messageSize = messageSize;
        _offset = -1;
        Current = default;
    }

    public ReadOnlyMemory<byte> Current { get; private set; }

    public readonly TsMessageEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        var start = _offset < 0 ? 0 : _offset;
        if (start >= _data.Length)
        {
            return false;
        }

        var length = Math.Min(_messageSize, _data.Length - start);
        Current = _data.Slice(start, length);
        _offset = start + length;
        return true;
    }
}
