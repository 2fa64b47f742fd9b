using T = MediaBroker.Formats.Fmp4.Mp4BoxTypes;

namespace MediaBroker.Formats.Fmp4;

public static partial class Mp4FileReader
{
    private const uint TfhdBaseDataOffset = 0x000001;
    private const uint TfhdSampleDescriptionIndex = 0x000002;
    private const uint TfhdDefaultDuration = 0x000008;
    private const uint TfhdDefaultSize = 0x000010;
    private const uint TfhdDefaultFlags = 0x000020;
    private const uint TrunDataOffset = 0x000001;
    private const uint TrunFirstSampleFlags = 0x000004;
    private const uint TrunDuration = 0x000100;
    private const uint TrunSize = 0x000200;
    private const uint TrunFlags = 0x000400;
    private const uint TrunCompositionOffset = 0x000800;

    /// <summary>
    /// Reads one moof (its payload, the box found at <paramref name="moofOffset"/> of a file of <paramref name="fileLength"/>
    /// bytes) and appends its samples to the tracks of <paramref name="movie"/>, which was read from the file's init
    /// section. Lets a caller walk a large fragmented file box by box and never load its media data.
    /// </summary>
    public static void ReadFragment(Mp4Movie movie, ReadOnlySpan<byte> moofPayload, long moofOffset, long fileLength)
    {
        ArgumentNullException.ThrowIfNull(movie);
        var tracks = movie.Tracks as List<Mp4TrackDescription> ?? [.. movie.Tracks];
        ReadMoof(moofPayload, moofOffset, fileLength, tracks, []);
    }

    /// <summary>moof → mfhd + traf(tfhd, tfdt, trun*) (ISO/IEC 14496-12 §8.8.4-8.8.12).</summary>
    private static void ReadMoof(ReadOnlySpan<byte> moof, long moofOffset, long fileLength, List<Mp4TrackDescription> tracks, List<Mp4FragmentRecord> fragments)
    {
        if (!Mp4BoxEnumerator.TryFind(moof, T.Mfhd, out var mfhd))
        {
            throw new Mp4ProtocolException("moof without mfhd");
        }

        var m = new FieldReader(mfhd, T.Mfhd);
        m.Skip(4);
        var sequence = m.U32();
        foreach (var traf in new Mp4BoxEnumerator(moof))
        {
            if (traf.Type == T.Traf)
            {
                ReadTraf(traf.Payload, sequence, moofOffset, fileLength, tracks, fragments);
            }
        }
    }

    private static void ReadTraf(ReadOnlySpan<byte> traf, uint sequence, long moofOffset, long fileLength, List<Mp4TrackDescription> tracks, List<Mp4FragmentRecord> fragments)
    {
        if (!Mp4BoxEnumerator.TryFind(traf, T.Tfhd, out var tfhdBox))
        {
            throw new Mp4ProtocolException("traf without tfhd");
        }

        var tfhd = new FieldReader(tfhdBox, T.Tfhd);
        var flags = tfhd.U32() & 0xFFFFFF;
        var track = FindTrack(tracks, (int)tfhd.U32());
        var baseOffset = (flags & TfhdBaseDataOffset) != 0 ? (long)Math.Min(tfhd.U64(), long.MaxValue) : moofOffset;
        if ((flags & TfhdSampleDescriptionIndex) != 0)
        {
            tfhd.Skip(4);
        }

        var defaultDuration = (flags & TfhdDefaultDuration) != 0 ? tfhd.U32() : track.DefaultDuration;
        var defaultSize = (flags & TfhdDefaultSize) != 0 ? tfhd.U32() : track.DefaultSize;
        var defaultFlags = (flags & TfhdDefaultFlags) != 0 ? tfhd.U32() : track.DefaultFlags;

        long? baseTime = null;
        var tfdtVersion = -1;
        if (Mp4BoxEnumerator.TryFind(traf, T.Tfdt, out var tfdtBox))
        {
            var tfdt = new FieldReader(tfdtBox, T.Tfdt);
            tfdtVersion = tfdt.U8();
            tfdt.Skip(3);
            baseTime = tfdtVersion == 1 ? (long)Math.Min(tfdt.U64(), long.MaxValue) : tfdt.U32();
            track.NextDts = baseTime.Value;
        }

        var nextOffset = baseOffset;
        foreach (var box in new Mp4BoxEnumerator(traf))
        {
            if (box.Type != T.Trun)
            {
                continue;
            }

            var trun = new FieldReader(box.Payload, T.Trun);
            var version = trun.U8();
            var tf = trun.U24();
            var count = (int)trun.U32();
            int? dataOffset = (tf & TrunDataOffset) != 0 ? trun.I32() : null;
            var firstFlags = (tf & TrunFirstSampleFlags) != 0 ? trun.U32() : (uint?)null;
            var entrySize = 4 * (int)(((tf >> 8) & 1) + ((tf >> 9) & 1) + ((tf >> 10) & 1) + ((tf >> 11) & 1));
            if (count < 0 || (entrySize > 0 && count > trun.Remaining / entrySize) || (entrySize == 0 && count > fileLength))
            {
                throw new Mp4ProtocolException($"trun declares {count} samples that do not fit");
            }

            var offset = dataOffset is { } d ? baseOffset + d : nextOffset;
            fragments.Add(new Mp4FragmentRecord(sequence, track.TrackId, baseTime, tfdtVersion, version, tf, count, moofOffset, dataOffset));
            for (var i = 0; i < count; i++)
            {
                var duration = (tf & TrunDuration) != 0 ? trun.U32() : defaultDuration;
                var size = (tf & TrunSize) != 0 ? trun.U32() : defaultSize;
                var sampleFlags = (tf & TrunFlags) != 0 ? trun.U32() : i == 0 && firstFlags is { } ff ? ff : defaultFlags;
                var cto = (tf & TrunCompositionOffset) != 0 ? trun.I32() : 0;
                if (version == 0 && cto < 0)
                {
                    cto = int.MaxValue; // version 0 offsets are unsigned; an offset this large is nonsense either way
                }

                if (offset < 0 || size > int.MaxValue || offset + size > fileLength)
                {
                    throw new Mp4ProtocolException($"track {track.TrackId}: fragment sample {i} lies outside the file");
                }

                track.Samples.Add(new Mp4SampleInfo(offset, (int)size, track.NextDts, cto, duration, (sampleFlags & 0x00010000) == 0, sampleFlags));
                offset += size;
                track.NextDts += duration;
            }

            nextOffset = offset;
        }
    }
}
