using T = MediaBroker.Formats.Fmp4.Mp4BoxTypes;

namespace MediaBroker.Formats.Fmp4;

public static partial class Mp4FileReader
{
    /// <summary>
    /// Expands stsz/stco|co64/stsc/stts/ctts/stss (ISO/IEC 14496-12 §8.6-8.7) into one entry per sample.
    /// A fragmented file's moov has empty tables and yields no samples here.
    /// </summary>
    private static void ReadSampleTables(ReadOnlySpan<byte> stbl, Mp4TrackDescription track, long fileLength)
    {
        if (!Mp4BoxEnumerator.TryFind(stbl, T.Stsz, out var stsz))
        {
            return;
        }

        var sz = new FieldReader(stsz, T.Stsz);
        sz.Skip(4);
        var constantSize = sz.U32();
        var count = constantSize == 0 ? sz.Count(4) : (int)Math.Min(sz.U32(), (ulong)fileLength + 1);
        if (count == 0)
        {
            return;
        }

        if (constantSize != 0 && (ulong)count * constantSize > (ulong)fileLength)
        {
            throw new Mp4ProtocolException($"track {track.TrackId}: {count} samples of {constantSize} bytes exceed the file");
        }

        ReadOnlySpan<byte> chunkOffsets;
        var wide = false;
        if (Mp4BoxEnumerator.TryFind(stbl, T.Stco, out var stco))
        {
            chunkOffsets = stco;
        }
        else if (Mp4BoxEnumerator.TryFind(stbl, T.Co64, out var co64))
        {
            chunkOffsets = co64;
            wide = true;
        }
        else
        {
            throw new Mp4ProtocolException($"track {track.TrackId} has samples but no stco/co64");
        }

        if (!Mp4BoxEnumerator.TryFind(stbl, T.Stsc, out var stscBox) || !Mp4BoxEnumerator.TryFind(stbl, T.Stts, out var sttsBox))
        {
            throw new Mp4ProtocolException($"track {track.TrackId} has samples but no stsc/stts");
        }

        var co = new FieldReader(chunkOffsets, wide ? T.Co64 : T.Stco);
        co.Skip(4);
        var chunkCount = co.Count(wide ? 8 : 4);
        var stsc = new FieldReader(stscBox, T.Stsc);
        stsc.Skip(4);
        var stscCount = stsc.Count(12);
        var stts = new FieldReader(sttsBox, T.Stts);
        stts.Skip(4);
        var sttsCount = stts.Count(8);
        var ctts = default(FieldReader);
        var cttsCount = 0;
        if (Mp4BoxEnumerator.TryFind(stbl, T.Ctts, out var cttsBox))
        {
            ctts = new FieldReader(cttsBox, T.Ctts);
            ctts.Skip(4);
            cttsCount = ctts.Count(8);
        }

        var stss = default(FieldReader);
        var stssCount = -1;
        if (Mp4BoxEnumerator.TryFind(stbl, T.Stss, out var stssBox))
        {
            stss = new FieldReader(stssBox, T.Stss);
            stss.Skip(4);
            stssCount = stss.Count(4);
        }

        var samples = track.Samples;
        samples.Capacity = count;
        uint nextSync = stssCount > 0 ? stss.U32() : 0;
        stssCount--;
        uint sttsLeft = 0, delta = 0, cttsLeft = 0;
        var cto = 0;
        long dts = 0;

        // stsc runs: (first_chunk, samples_per_chunk), each until the next run's first chunk.
        uint runFirst = 0, runSamples = 0, nextRunFirst = 0;
        if (stscCount > 0)
        {
            runFirst = stsc.U32();
            runSamples = stsc.U32();
            stsc.Skip(4);
            stscCount--;
            nextRunFirst = stscCount > 0 ? stsc.U32() : uint.MaxValue;
        }

        var index = 0;
        for (uint chunk = 1; chunk <= chunkCount && index < count; chunk++)
        {
            while (chunk >= nextRunFirst)
            {
                runFirst = nextRunFirst;
                runSamples = stsc.U32();
                stsc.Skip(4);
                stscCount--;
                nextRunFirst = stscCount > 0 ? stsc.U32() : uint.MaxValue;
            }

            if (runFirst == 0 || chunk < runFirst)
            {
                throw new Mp4ProtocolException($"track {track.TrackId}: stsc does not cover chunk {chunk}");
            }

            var offset = wide ? (long)co.U64() : co.U32();
            for (uint s = 0; s < runSamples && index < count; s++, index++)
            {
                var size = constantSize != 0 ? constantSize : sz.U32();
                if (offset < 0 || size > int.MaxValue || offset + size > fileLength)
                {
                    throw new Mp4ProtocolException($"track {track.TrackId}: sample {index + 1} lies outside the file");
                }

                if (sttsLeft == 0)
                {
                    if (sttsCount-- <= 0)
                    {
                        throw new Mp4ProtocolException($"track {track.TrackId}: stts covers fewer samples than stsz");
                    }

                    sttsLeft = stts.U32();
                    delta = stts.U32();
                    if (sttsLeft == 0)
                    {
                        s--;
                        index--;
                        continue;
                    }
                }

                if (cttsCount > 0 && cttsLeft == 0)
                {
                    cttsLeft = ctts.U32();
                    cto = ctts.I32();
                    cttsCount--;
                }

                var sync = stssCount < -1 || nextSync == index + 1;
                if (nextSync == index + 1 && stssCount-- > 0)
                {
                    nextSync = stss.U32();
                }

                samples.Add(new Mp4SampleInfo(offset, (int)size, dts, cttsLeft > 0 ? cto : 0, delta, sync, 0));
                offset += size;
                dts += delta;
                sttsLeft--;
                if (cttsLeft > 0)
                {
                    cttsLeft--;
                }
            }
        }

        if (index < count)
        {
            throw new Mp4ProtocolException($"track {track.TrackId}: chunks hold {index} of {count} samples");
        }

        track.NextDts = dts;
    }
}
