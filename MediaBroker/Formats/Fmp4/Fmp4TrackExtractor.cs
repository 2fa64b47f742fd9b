using System.Buffers;
using System.Buffers.Binary;

namespace MediaBroker.Formats.Fmp4;

/// <summary>
/// Takes one track out of multi-track fragmented MP4: the init (ftyp + moov with that trak and its trex) and each
/// moof + mdat (mfhd + that track's traf, and an mdat holding only its samples). DASH players want one track per
/// Representation, while one muxer's segments carry video and audio together. Handles the fragments this project's
/// <see cref="Fmp4FragmentWriter"/> makes: default-base-is-moof, one trun with data offset and per-sample sizes.
/// Pure: spans in, bytes out.
/// </summary>
public static class Fmp4TrackExtractor
{
    private const uint DefaultBaseIsMoof = 0x020000;
    private const uint BaseDataOffsetPresent = 0x000001;
    private const uint DataOffsetPresent = 0x000001;
    private const uint FirstSampleFlagsPresent = 0x000004;
    private const uint DurationPresent = 0x000100;
    private const uint SizePresent = 0x000200;
    private const uint FlagsPresent = 0x000400;
    private const uint CompositionOffsetPresent = 0x000800;

    /// <summary>Writes the init of track <paramref name="trackId"/> alone; returns false when the init has no such track.</summary>
    /// <exception cref="Mp4ProtocolException">The init is malformed.</exception>
    public static bool TryExtractInit(ReadOnlySpan<byte> init, int trackId, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var found = false;
        using var b = new Mp4BoxBuilder(init.Length);
        foreach (var box in new Mp4BoxEnumerator(init))
        {
            if (box.Type != Mp4BoxTypes.Moov)
            {
                b.Bytes(init.Slice(box.Offset, box.Size));
                continue;
            }

            var moov = b.Begin(Mp4BoxTypes.Moov);
            foreach (var child in new Mp4BoxEnumerator(box.Payload))
            {
                var whole = box.Payload.Slice(child.Offset, child.Size);
                if (child.Type == Mp4BoxTypes.Trak)
                {
                    if (TrakId(child.Payload) == trackId)
                    {
                        found = true;
                        b.Bytes(whole);
                    }
                }
                else if (child.Type == Mp4BoxTypes.Mvex)
                {
                    var mvex = b.Begin(Mp4BoxTypes.Mvex);
                    foreach (var e in new Mp4BoxEnumerator(child.Payload))
                    {
                        if (e.Type != Mp4BoxTypes.Trex || (e.Payload.Length >= 8 && BinaryPrimitives.ReadInt32BigEndian(e.Payload[4..]) == trackId))
                        {
                            b.Bytes(child.Payload.Slice(e.Offset, e.Size));
                        }
                    }

                    b.End(mvex);
                }
                else
                {
                    b.Bytes(whole);
                }
            }

            b.End(moov);
        }

        if (found)
        {
            output.Write(b.WrittenSpan);
        }

        return found;
    }

    /// <summary>
    /// Writes, for every moof + mdat of <paramref name="fragments"/>, the same fragment with track <paramref name="trackId"/>
    /// only; a fragment without that track is left out. Other top-level boxes are copied. Returns the bytes written.
    /// </summary>
    /// <exception cref="Mp4ProtocolException">Malformed fragments, or a layout other than the one described above.</exception>
    public static int ExtractFragments(ReadOnlySpan<byte> fragments, int trackId, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var written = 0;
        var moofOffset = -1;
        var moofSize = 0;
        foreach (var box in new Mp4BoxEnumerator(fragments))
        {
            if (box.Type == Mp4BoxTypes.Moof)
            {
                (moofOffset, moofSize) = (box.Offset, box.Size);
            }
            else if (box.Type == Mp4BoxTypes.Mdat && moofOffset >= 0)
            {
                written += ExtractFragment(fragments[moofOffset..], moofSize, trackId, output);
                moofOffset = -1;
            }
            else
            {
                output.Write(fragments.Slice(box.Offset, box.Size));
                written += box.Size;
            }
        }

        return written;
    }

    /// <param name="fragment">From the moof's first byte on (its mdat follows it).</param>
    private static int ExtractFragment(ReadOnlySpan<byte> fragment, int moofSize, int trackId, IBufferWriter<byte> output)
    {
        var moofPayload = fragment[8..moofSize];
        ReadOnlySpan<byte> mfhd = default;
        ReadOnlySpan<byte> traf = default;
        var trafPayload = 0;
        foreach (var child in new Mp4BoxEnumerator(moofPayload))
        {
            if (child.Type == Mp4BoxTypes.Mfhd)
            {
                mfhd = moofPayload.Slice(child.Offset, child.Size);
            }
            else if (child.Type == Mp4BoxTypes.Traf && TfhdId(child.Payload) == trackId)
            {
                traf = moofPayload.Slice(child.Offset, child.Size);
                trafPayload = child.Size - child.Payload.Length;
            }
        }

        if (traf.IsEmpty)
        {
            return 0;
        }

        // Where the trun's data offset sits inside the traf, and which bytes of the original fragment it points at.
        var (dataOffsetAt, dataOffset, dataLength) = ReadTrun(traf, trafPayload);
        if (dataOffset < moofSize || (long)dataOffset + dataLength > fragment.Length)
        {
            throw new Mp4ProtocolException($"trun of track {trackId} points outside its mdat");
        }

        var newMoof = 8 + mfhd.Length + traf.Length;
        var total = newMoof + 8 + dataLength;
        var s = output.GetSpan(total);
        BinaryPrimitives.WriteInt32BigEndian(s, newMoof);
        BinaryPrimitives.WriteUInt32BigEndian(s[4..], Mp4BoxTypes.Moof);
        mfhd.CopyTo(s[8..]);
        var trafAt = 8 + mfhd.Length;
        traf.CopyTo(s[trafAt..]);
        BinaryPrimitives.WriteInt32BigEndian(s[(trafAt + dataOffsetAt)..], newMoof + 8);
        BinaryPrimitives.WriteInt32BigEndian(s[newMoof..], 8 + dataLength);
        BinaryPrimitives.WriteUInt32BigEndian(s[(newMoof + 4)..], Mp4BoxTypes.Mdat);
        fragment.Slice(dataOffset, dataLength).CopyTo(s[(newMoof + 8)..]);
        output.Advance(total);
        return total;
    }

    /// <summary>The one trun of a traf: where its data_offset field is (from the traf's start), its value, and its samples' total size.</summary>
    private static (int At, int DataOffset, int Length) ReadTrun(ReadOnlySpan<byte> traf, int headerSize)
    {
        var payload = traf[headerSize..];
        var truns = 0;
        (int, int, int) result = default;
        foreach (var box in new Mp4BoxEnumerator(payload))
        {
            if (box.Type == Mp4BoxTypes.Tfhd)
            {
                var flags = BinaryPrimitives.ReadUInt32BigEndian(box.Payload) & 0xFFFFFF;
                if ((flags & DefaultBaseIsMoof) == 0 || (flags & BaseDataOffsetPresent) != 0)
                {
                    throw new Mp4ProtocolException("tfhd without default-base-is-moof is not supported");
                }
            }
            else if (box.Type == Mp4BoxTypes.Trun)
            {
                truns++;
                var p = box.Payload;
                var flags = BinaryPrimitives.ReadUInt32BigEndian(p) & 0xFFFFFF;
                if ((flags & DataOffsetPresent) == 0 || (flags & SizePresent) == 0)
                {
                    throw new Mp4ProtocolException("trun without data offset or sample sizes is not supported");
                }

                var count = BinaryPrimitives.ReadInt32BigEndian(p[4..]);
                var entry = (((flags & DurationPresent) != 0) ? 4 : 0) + 4 + (((flags & FlagsPresent) != 0) ? 4 : 0)
                    + (((flags & CompositionOffsetPresent) != 0) ? 4 : 0);
                var first = 12 + (((flags & FirstSampleFlagsPresent) != 0) ? 4 : 0);
                var sizeAt = first + (((flags & DurationPresent) != 0) ? 4 : 0);
                if (count < 0 || (long)first + ((long)count * entry) > p.Length)
                {
                    throw new Mp4ProtocolException($"trun with {count} samples overruns its box");
                }

                long length = 0;
                for (var i = 0; i < count; i++)
                {
                    length += BinaryPrimitives.ReadUInt32BigEndian(p[(sizeAt + (i * entry))..]);
                }

                var at = headerSize + box.Offset + (box.Size - p.Length) + 8;
                result = (at, BinaryPrimitives.ReadInt32BigEndian(p[8..]), (int)Math.Min(int.MaxValue, length));
            }
        }

        return truns == 1 ? result : throw new Mp4ProtocolException($"a traf with {truns} truns is not supported");
    }

    private static int TfhdId(ReadOnlySpan<byte> trafPayload) =>
        Mp4BoxEnumerator.TryFind(trafPayload, Mp4BoxTypes.Tfhd, out var tfhd) && tfhd.Length >= 8 ? BinaryPrimitives.ReadInt32BigEndian(tfhd[4..]) : -1;

    private static int TrakId(ReadOnlySpan<byte> trakPayload)
    {
        if (!Mp4BoxEnumerator.TryFind(trakPayload, Mp4BoxTypes.Tkhd, out var tkhd) || tkhd.Length < 24)
        {
            return -1;
        }

        // §8.3.2: version 1 has 64-bit creation and modification times before track_ID.
        return BinaryPrimitives.ReadInt32BigEndian(tkhd[(tkhd[0] == 1 ? 20 : 12)..]);
    }
}
