using MediaBroker.Codecs;
using MediaBroker.Core;
using MediaBroker.Media;

namespace MediaBroker.Formats.MpegTs;

/// <summary>Demuxer state of one elementary stream PID: continuity, PES reassembly, codec parameters.</summary>
internal sealed class TsElementaryStream
{
    /// <summary>A PES larger than this is broken input (a 4K intra frame is well under it).</summary>
    public const int MaxPesSize = 16 << 20;

    private const int InitialBufferSize = 4096;

    private readonly TsPesBudget _budget;
    private byte[] _buffer = new byte[InitialBufferSize];

    public TsElementaryStream(int pid, byte streamType, TsStreamKind kind, int opusChannels, TsPesBudget budget)
    {
        _budget = budget;
        Pid = pid;
        StreamType = streamType;
        Kind = kind;
        IsVideo = TsStreamTypes.IsVideo(kind);
        OpusChannels = opusChannels;
        WaitingForKey = IsVideo;
    }

    public int Pid { get; }

    public byte StreamType { get; }

    public TsStreamKind Kind { get; }

    public bool IsVideo { get; }

    public int OpusChannels { get; }

    /// <summary>Parameters found so far; null until the stream can be announced.</summary>
    public Codec? Codec { get; set; }

    /// <summary>Set when tracks are announced; null for a stream left out.</summary>
    public Track? Track { get; set; }

    public int LastCc { get; set; } = -1;

    /// <summary>Video only: drop units until the next random access point (start, or after losses).</summary>
    public bool WaitingForKey { get; set; }

    // Latest in-band parameter sets (H264/H265), kept to build the codec once all are seen.
    public byte[]? Vps { get; set; }

    public byte[]? Sps { get; set; }

    public byte[]? Pps { get; set; }

    public bool PesActive { get; private set; }

    /// <summary>6 + PES_packet_length, 0 for an unbounded PES, -1 until the first 6 bytes are in.</summary>
    public int PesExpected { get; private set; }

    public int PesLength { get; private set; }

    public ReadOnlySpan<byte> PesData => _buffer.AsSpan(0, PesLength);

    public void StartPes(ReadOnlySpan<byte> payload)
    {
        PesActive = true;
        PesLength = 0;
        PesExpected = -1;
        AppendPes(payload);
    }

    /// <summary>
    /// Adds payload to the PES being assembled. When it would grow past any sane size, or past what the demuxer's
    /// streams may buffer together (<see cref="TsPesBudget"/>), the PES is dropped and its buffer given back.
    /// </summary>
    public TsPesAppend AppendPes(ReadOnlySpan<byte> payload)
    {
        if (PesLength + payload.Length > _buffer.Length)
        {
            var size = Math.Min(MaxPesSize, Math.Max(_buffer.Length * 2, PesLength + payload.Length));
            var result = PesLength + payload.Length > MaxPesSize ? TsPesAppend.TooLarge
                : !_budget.TryTake(size - _buffer.Length) ? TsPesAppend.OverBudget
                : TsPesAppend.Appended;
            if (result != TsPesAppend.Appended)
            {
                DropPes();
                ShrinkBuffer();
                return result;
            }

            Array.Resize(ref _buffer, size);
        }

        payload.CopyTo(_buffer.AsSpan(PesLength));
        PesLength += payload.Length;
        if (PesExpected < 0 && PesLength >= 6)
        {
            var length = (_buffer[4] << 8) | _buffer[5];
            PesExpected = length == 0 ? 0 : length + 6;
        }

        return TsPesAppend.Appended;
    }

    /// <summary>A bounded PES has all its bytes.</summary>
    public bool PesComplete => PesActive && PesExpected > 0 && PesLength >= PesExpected;

    public void DropPes()
    {
        PesActive = false;
        PesLength = 0;
    }

    public void EndPes() => PesActive = false;

    /// <summary>The stream is forgotten (a new PMT): its buffer no longer counts against the budget.</summary>
    public void Release()
    {
        DropPes();
        ShrinkBuffer();
    }

    private void ShrinkBuffer()
    {
        if (_buffer.Length > InitialBufferSize)
        {
            _budget.Give(_buffer.Length - InitialBufferSize);
            _buffer = new byte[InitialBufferSize];
        }
    }
}
