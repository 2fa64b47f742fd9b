using System.Buffers;
using System.Buffers.Binary;
using MediaBroker.Formats.Fmp4;

namespace MediaBroker.Formats.WebM;

/// <summary>
/// Live WebM (the Matroska subset of https://www.webmproject.org/docs/container/) or Matroska: a header (EBML header, a Segment of
/// unknown size, Info with millisecond timestamps, Tracks), then Clusters of unknown size, each a Timestamp followed by
/// SimpleBlocks whose times are 16-bit offsets from it. Nothing needs seeking back: a reader can start at any Cluster
/// that begins with a key frame, after the header.
/// </summary>
public static class WebmWriter
{
    // Element IDs (Matroska, RFC 9559 §5.1).
    private const uint Ebml = 0x1A45DFA3;
    private const uint EbmlVersion = 0x4286;
    private const uint EbmlReadVersion = 0x42F7;
    private const uint EbmlMaxIdLength = 0x42F2;
    private const uint EbmlMaxSizeLength = 0x42F3;
    private const uint DocType = 0x4282;
    private const uint DocTypeVersion = 0x4287;
    private const uint DocTypeReadVersion = 0x4285;
    private const uint Segment = 0x18538067;
    private const uint Info = 0x1549A966;
    private const uint TimestampScale = 0x2AD7B1;
    private const uint MuxingApp = 0x4D80;
    private const uint WritingApp = 0x5741;
    private const uint Tracks = 0x1654AE6B;
    private const uint TrackEntry = 0xAE;
    private const uint TrackNumber = 0xD7;
    private const uint TrackUid = 0x73C5;
    private const uint TrackType = 0x83;
    private const uint FlagLacing = 0x9C;
    private const uint CodecId = 0x86;
    private const uint CodecPrivate = 0x63A2;
    private const uint CodecDelay = 0x56AA;
    private const uint SeekPreRoll = 0x56BB;
    private const uint Video = 0xE0;
    private const uint PixelWidth = 0xB0;
    private const uint PixelHeight = 0xBA;
    private const uint Audio = 0xE1;
    private const uint SamplingFrequency = 0xB5;
    private const uint Channels = 0x9F;
    private const uint Cluster = 0x1F43B675;
    private const uint Timestamp = 0xE7;
    private const byte SimpleBlock = 0xA3;

    /// <summary>The largest block time offset from its Cluster's timestamp (a signed 16-bit count of milliseconds).</summary>
    public const int MaxBlockOffset = short.MaxValue;

    /// <summary>Bytes <see cref="WriteClusterStart"/> writes: Cluster ID, unknown size, Timestamp element.</summary>
    public const int ClusterStartLength = 22;

    /// <summary>Where the Cluster's 8-byte timestamp value sits in what <see cref="WriteClusterStart"/> wrote.</summary>
    public const int ClusterTimestampOffset = 14;

    /// <summary>The reserved "unknown" data size in 8 bytes (RFC 8794 §6.2).</summary>
    internal static ReadOnlySpan<byte> UnknownSize => [0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF];

    /// <summary>EBML header (DocType <c>webm</c> or <c>matroska</c>), Segment (unknown size), Info (1 ms timestamps) and Tracks.</summary>
    public static byte[] Header(IReadOnlyList<WebmTrack> tracks, string application, MatroskaDocType docType = MatroskaDocType.WebM)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        var b = new EbmlBuilder();
        var ebml = b.Begin(Ebml);
        b.Unsigned(EbmlVersion, 1);
        b.Unsigned(EbmlReadVersion, 1);
        b.Unsigned(EbmlMaxIdLength, 4);
        b.Unsigned(EbmlMaxSizeLength, 8);
        b.String(DocType, docType == MatroskaDocType.WebM ? "webm" : "matroska");
        b.Unsigned(DocTypeVersion, 4);
        b.Unsigned(DocTypeReadVersion, 2);
        b.End(ebml);

        b.BeginUnknownSize(Segment);
        var info = b.Begin(Info);
        b.Unsigned(TimestampScale, 1_000_000);
        b.String(MuxingApp, application);
        b.String(WritingApp, application);
        b.End(info);

        var list = b.Begin(Tracks);
        foreach (var t in tracks)
        {
            var entry = b.Begin(TrackEntry);
            b.Unsigned(TrackNumber, (ulong)t.Number);
            b.Unsigned(TrackUid, (ulong)t.Number);
            b.Unsigned(TrackType, t.IsVideo ? 1UL : 2UL);
            b.Unsigned(FlagLacing, 0);
            b.String(CodecId, t.CodecId);
            if (!t.CodecPrivate.IsEmpty)
            {
                b.Binary(CodecPrivate, t.CodecPrivate.Span);
            }

            if (t.IsVideo)
            {
                var video = b.Begin(Video);
                b.Unsigned(PixelWidth, (ulong)t.Width);
                b.Unsigned(PixelHeight, (ulong)t.Height);
                b.End(video);
            }
            else
            {
                if (t.CodecDelayNs > 0)
                {
                    b.Unsigned(CodecDelay, (ulong)t.CodecDelayNs);
                    b.Unsigned(SeekPreRoll, 80_000_000); // Opus: 80 ms of pre-roll after a seek (the WebM Opus mapping)
                }

                var audio = b.Begin(Audio);
                b.Float(SamplingFrequency, t.SampleRate);
                b.Unsigned(Channels, (ulong)t.Channels);
                b.End(audio);
            }

            b.End(entry);
        }

        b.End(list);
        return b.WrittenSpan.ToArray();
    }

    /// <summary>Starts a Cluster of unknown size at <paramref name="timestampMs"/>; returns the bytes written.</summary>
    public static int WriteClusterStart(IBufferWriter<byte> output, long timestampMs)
    {
        ArgumentNullException.ThrowIfNull(output);
        var s = output.GetSpan(4 + 8 + 1 + 1 + 8);
        BinaryPrimitives.WriteUInt32BigEndian(s, Cluster);
        UnknownSize.CopyTo(s[4..]);
        s[12] = (byte)Timestamp;
        s[13] = 0x88; // 8-byte size
        BinaryPrimitives.WriteUInt64BigEndian(s[14..], (ulong)Math.Max(0, timestampMs));
        output.Advance(22);
        return 22;
    }

    /// <summary>
    /// Writes a SimpleBlock of track <paramref name="track"/> (1 to 126) at <paramref name="offsetMs"/> from its Cluster's
    /// timestamp, its frame being the concatenation of <paramref name="payloads"/>; returns the bytes written.
    /// </summary>
    public static int WriteSimpleBlock(IBufferWriter<byte> output, int track, int offsetMs, bool keyFrame, ReadOnlySpan<ReadOnlyMemory<byte>> payloads)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (track is < 1 or > 126 || offsetMs is < short.MinValue or > short.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(offsetMs), $"track {track} at {offsetMs} ms cannot be a SimpleBlock");
        }

        long frame = 0;
        foreach (var p in payloads)
        {
            frame += p.Length;
        }

        var size = 4 + frame; // track number (1 byte), 16-bit time offset, flags
        var n = SizeLength(size);
        var head = output.GetSpan(1 + n + 4);
        head[0] = SimpleBlock;
        WriteSize(head[1..], size, n);
        head[1 + n] = (byte)(0x80 | track);
        BinaryPrimitives.WriteInt16BigEndian(head[(2 + n)..], (short)offsetMs);
        head[4 + n] = keyFrame ? (byte)0x80 : (byte)0;
        output.Advance(5 + n);
        foreach (var p in payloads)
        {
            output.Write(p.Span);
        }

        return (int)(5 + n + frame);
    }

    /// <summary>
    /// Writes a SimpleBlock whose frame is an MP4 sample's data: the framing H264 and H265 (4-byte NAL unit lengths, as
    /// the avcC/hvcC in CodecPrivate say) and AV1 (OBUs with sizes, no temporal delimiters) have in Matroska too.
    /// </summary>
    public static int WriteSimpleBlock(IBufferWriter<byte> output, int track, int offsetMs, bool keyFrame, in Fmp4Sample sample)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (track is < 1 or > 126 || offsetMs is < short.MinValue or > short.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(offsetMs), $"track {track} at {offsetMs} ms cannot be a SimpleBlock");
        }

        var size = 4L + sample.Size;
        var n = SizeLength(size);
        var head = output.GetSpan(1 + n + 4);
        head[0] = SimpleBlock;
        WriteSize(head[1..], size, n);
        head[1 + n] = (byte)(0x80 | track);
        BinaryPrimitives.WriteInt16BigEndian(head[(2 + n)..], (short)offsetMs);
        head[4 + n] = keyFrame ? (byte)0x80 : (byte)0;
        output.Advance(5 + n);
        Fmp4FragmentWriter.WriteSample(output, sample);
        return (int)(5 + n + sample.Size);
    }

    /// <summary>Bytes of an element ID: its leading bits say how long it is, as its value keeps them.</summary>
    internal static int IdLength(uint id) => id > 0xFFFFFF ? 4 : id > 0xFFFF ? 3 : id > 0xFF ? 2 : 1;

    /// <summary>Bytes of the shortest variable-size integer for <paramref name="size"/> (all ones is reserved).</summary>
    internal static int SizeLength(long size)
    {
        var n = 1;
        while (n < 8 && size >= (1L << (7 * n)) - 1)
        {
            n++;
        }

        return n;
    }

    /// <summary>Writes <paramref name="size"/> as an <paramref name="length"/>-byte variable-size integer (RFC 8794 §4).</summary>
    internal static void WriteSize(Span<byte> s, long size, int length)
    {
        var v = (ulong)size | (1UL << (7 * length));
        for (var i = length - 1; i >= 0; i--, v >>= 8)
        {
            s[i] = (byte)v;
        }
    }
}
