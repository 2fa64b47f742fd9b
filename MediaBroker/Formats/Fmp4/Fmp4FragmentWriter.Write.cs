using System.Buffers;
using System.Buffers.Binary;
using MediaBroker.Codecs.Av1;

namespace MediaBroker.Formats.Fmp4;

public sealed partial class Fmp4FragmentWriter
{
    private int WriteFragment(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var moofSize = 8 + MfhdSize;
        long mdatPayload = 0;
        var any = false;
        for (var i = 0; i < _tracks.Length; i++)
        {
            var list = _ready[i];
            if (list.Count == 0)
            {
                continue;
            }

            any = true;
            moofSize += TrafFixedSize + (TrunEntrySize * list.Count);
            foreach (var e in list)
            {
                mdatPayload += e.Sample.Size;
            }
        }

        if (!any)
        {
            return 0;
        }

        var mdatHeader = mdatPayload + 8 > uint.MaxValue ? 16 : 8;
        WriteMoof(output, moofSize, mdatHeader);
        WriteMdat(output, mdatHeader, mdatPayload);
        foreach (var list in _ready)
        {
            list.Clear();
        }

        Array.Clear(_readyDuration);
        NextSequenceNumber++;
        return (int)Math.Min(int.MaxValue, moofSize + mdatHeader + mdatPayload);
    }

    private void WriteMoof(IBufferWriter<byte> output, int moofSize, int mdatHeader)
    {
        var s = output.GetSpan(moofSize)[..moofSize];
        var p = Box(s, 0, moofSize, Mp4BoxTypes.Moof);
        p = FullBox(s, p, MfhdSize, Mp4BoxTypes.Mfhd, 0, 0);
        BinaryPrimitives.WriteUInt32BigEndian(s[p..], NextSequenceNumber);
        p += 4;

        long dataOffset = moofSize + mdatHeader;
        for (var i = 0; i < _tracks.Length; i++)
        {
            var list = _ready[i];
            if (list.Count == 0)
            {
                continue;
            }

            p = Box(s, p, TrafFixedSize + (TrunEntrySize * list.Count), Mp4BoxTypes.Traf);

            // tfhd: default-base-is-moof (0x020000), so trun data offsets count from this moof.
            p = FullBox(s, p, 16, Mp4BoxTypes.Tfhd, 0, 0x020000);
            BinaryPrimitives.WriteUInt32BigEndian(s[p..], (uint)_tracks[i].TrackId);
            p += 4;

            // tfdt version 1: 64-bit baseMediaDecodeTime (§8.8.12).
            p = FullBox(s, p, 20, Mp4BoxTypes.Tfdt, 1, 0);
            BinaryPrimitives.WriteInt64BigEndian(s[p..], Math.Max(0, list[0].Sample.Dts - _decodeTimeOrigin[i]));
            p += 8;

            // trun version 1 (signed composition offsets): data-offset, duration, size, flags, composition offset present.
            p = FullBox(s, p, 20 + (TrunEntrySize * list.Count), Mp4BoxTypes.Trun, 1, 0x000001 | 0x000100 | 0x000200 | 0x000400 | 0x000800);
            BinaryPrimitives.WriteInt32BigEndian(s[p..], list.Count);
            BinaryPrimitives.WriteInt32BigEndian(s[(p + 4)..], (int)dataOffset);
            p += 8;
            foreach (var e in list)
            {
                BinaryPrimitives.WriteUInt32BigEndian(s[p..], e.Duration);
                BinaryPrimitives.WriteInt32BigEndian(s[(p + 4)..], e.Sample.Size);
                BinaryPrimitives.WriteUInt32BigEndian(s[(p + 8)..], e.Sample.IsSync ? SyncSampleFlags : NonSyncSampleFlags);
                BinaryPrimitives.WriteInt32BigEndian(s[(p + 12)..], e.Sample.CompositionOffset);
                p += TrunEntrySize;
                dataOffset += e.Sample.Size;
            }
        }

        output.Advance(moofSize);
    }

    private void WriteMdat(IBufferWriter<byte> output, int mdatHeader, long payload)
    {
        var h = output.GetSpan(mdatHeader);
        if (mdatHeader == 8)
        {
            BinaryPrimitives.WriteUInt32BigEndian(h, (uint)(payload + 8));
            BinaryPrimitives.WriteUInt32BigEndian(h[4..], Mp4BoxTypes.Mdat);
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(h, 1);
            BinaryPrimitives.WriteUInt32BigEndian(h[4..], Mp4BoxTypes.Mdat);
            BinaryPrimitives.WriteUInt64BigEndian(h[8..], (ulong)(payload + 16));
        }

        output.Advance(mdatHeader);
        foreach (var list in _ready)
        {
            foreach (var e in list)
            {
                WriteSample(output, e.Sample);
            }
        }
    }

    internal static void WriteSample(IBufferWriter<byte> output, in Fmp4Sample sample)
    {
        foreach (var p in sample.Payloads)
        {
            switch (sample.Framing)
            {
                case Fmp4SampleFraming.Avc or Fmp4SampleFraming.Hevc:
                    if (!Fmp4SampleBuilder.IsDropped(p.Span, sample.Framing))
                    {
                        BinaryPrimitives.WriteInt32BigEndian(output.GetSpan(4), p.Length);
                        output.Advance(4);
                        output.Write(p.Span);
                    }

                    break;
                case Fmp4SampleFraming.Av1:
                    WriteObus(output, p.Span);
                    break;
                default:
                    output.Write(p.Span);
                    break;
            }
        }
    }

    /// <summary>Each OBU gets obu_has_size_field and a leb128 size; temporal delimiters are dropped (AV1-ISOBMFF §2.4).</summary>
    private static void WriteObus(IBufferWriter<byte> output, ReadOnlySpan<byte> obus)
    {
        while (!obus.IsEmpty && Fmp4SampleBuilder.TryReadObu(obus, out var obu))
        {
            if (obu.Type != Av1ObuType.TemporalDelimiter)
            {
                output.Advance(obu.WriteSizedHeader(obus, output.GetSpan(obu.BaseHeaderLength + 8)));
                output.Write(obus.Slice(obu.HeaderLength, obu.PayloadLength));
            }

            obus = obus[obu.TotalLength..];
        }
    }

    private static int Box(Span<byte> s, int at, int size, uint type)
    {
        BinaryPrimitives.WriteInt32BigEndian(s[at..], size);
        BinaryPrimitives.WriteUInt32BigEndian(s[(at + 4)..], type);
        return at + 8;
    }

    private static int FullBox(Span<byte> s, int at, int size, uint type, byte version, uint flags)
    {
        at = Box(s, at, size, type);
        BinaryPrimitives.WriteUInt32BigEndian(s[at..], ((uint)version << 24) | flags);
        return at + 4;
    }
}
