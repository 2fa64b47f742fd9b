using T = MediaBroker.Formats.Fmp4.Mp4BoxTypes;

namespace MediaBroker.Formats.Fmp4;

/// <summary>
/// Writes the moof and mdat header of one fragment whose samples are copied from other files (ISO/IEC 14496-12
/// §8.8.4-8.8.8): a traf per track with tfhd (default-base-is-moof), tfdt version 1 and one trun carrying every
/// sample's duration, size, flags and composition offset. The mdat payload is the tracks' sample bytes, track after
/// track, in the order given; the caller writes them after the returned bytes.
/// </summary>
public static class Mp4FragmentCopyWriter
{
    private const uint DefaultBaseIsMoof = 0x020000;
    private const uint TrunFlags = 0x000001 | 0x000100 | 0x000200 | 0x000400 | 0x000800;

    /// <summary>moof + mdat header. Each track's first sample's decode time becomes its tfdt.</summary>
    public static byte[] Build(uint sequenceNumber, IReadOnlyList<Mp4CopyTrack> tracks)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        using var b = new Mp4BoxBuilder(256);
        var moof = b.Begin(T.Moof);
        var mfhd = b.BeginFull(T.Mfhd, 0, 0);
        b.U32(sequenceNumber);
        b.End(mfhd);
        var dataOffsetFields = new List<int>(tracks.Count);
        foreach (var t in tracks)
        {
            if (t.Samples.Count == 0)
            {
                continue;
            }

            var traf = b.Begin(T.Traf);
            var tfhd = b.BeginFull(T.Tfhd, 0, DefaultBaseIsMoof);
            b.U32((uint)t.Source.TrackId);
            b.End(tfhd);
            var tfdt = b.BeginFull(T.Tfdt, 1, 0);
            b.U64((ulong)Math.Max(0, t.Samples[0].Dts));
            b.End(tfdt);
            var trun = b.BeginFull(T.Trun, 1, TrunFlags);
            b.U32((uint)t.Samples.Count);
            dataOffsetFields.Add(b.Length);
            b.I32(0); // data_offset, patched below
            foreach (var s in t.Samples)
            {
                b.U32(s.Duration);
                b.U32((uint)s.Size);
                b.U32(s.IsSync ? 0x02000000u : 0x01010000u);
                b.I32(s.CompositionOffset);
            }

            b.End(trun);
            b.End(traf);
        }

        b.End(moof);
        var moofSize = b.Length;
        long payload = 0;
        foreach (var t in tracks)
        {
            foreach (var s in t.Samples)
            {
                payload += s.Size;
            }
        }

        var large = payload + 8 > uint.MaxValue;
        var mdatHeader = large ? 16 : 8;
        if (large)
        {
            b.U32(1);
            b.U32(T.Mdat);
            b.U64((ulong)(payload + 16));
        }
        else
        {
            b.U32((uint)(payload + 8));
            b.U32(T.Mdat);
        }

        var bytes = b.WrittenSpan.ToArray();
        long offset = moofSize + mdatHeader;
        var field = 0;
        foreach (var t in tracks)
        {
            if (t.Samples.Count == 0)
            {
                continue;
            }

            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(dataOffsetFields[field++]), checked((int)offset));
            foreach (var s in t.Samples)
            {
                offset += s.Size;
            }
        }

        return bytes;
    }
}
