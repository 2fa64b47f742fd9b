using Ids = MediaBroker.Formats.Matroska.MatroskaIds;

namespace MediaBroker.Formats.Matroska;

/// <summary>
/// One entry of a Matroska Cues element (RFC 9559 §5.1.5): a key frame of track <paramref name="Track"/> at
/// <paramref name="Time"/> (in TimestampScale units), in the Cluster at <paramref name="ClusterPosition"/> (bytes from the
/// start of the Segment's data).
/// </summary>
public readonly record struct MatroskaCuePoint(ulong Time, int Track, long ClusterPosition);

/// <summary>Reads the SeekHead and the Cues of a Matroska segment (pure: payloads in, positions out).</summary>
public static class MatroskaCues
{
    /// <summary>Where the SeekHead says the top-level element <paramref name="id"/> is (from the Segment's data), or null.</summary>
    public static long? FindInSeekHead(ReadOnlySpan<byte> seekHead, uint id)
    {
        foreach (var seek in new EbmlElements(seekHead))
        {
            if (seek.Id != Ids.Seek)
            {
                continue;
            }

            uint found = 0;
            long? position = null;
            foreach (var e in new EbmlElements(seek.Payload))
            {
                if (e.Id == Ids.SeekId && e.Payload.Length <= 4)
                {
                    found = (uint)EbmlHeader.ReadUInt(e.Payload);
                }
                else if (e.Id == Ids.SeekPosition)
                {
                    position = (long)Math.Min(EbmlHeader.ReadUInt(e.Payload), long.MaxValue);
                }
            }

            if (found == id && position is { } p)
            {
                return p;
            }
        }

        return null;
    }

    /// <summary>The cue points of the Cues payload, one per CueTrackPositions, in file order.</summary>
    public static List<MatroskaCuePoint> Read(ReadOnlySpan<byte> cues)
    {
        var points = new List<MatroskaCuePoint>();
        foreach (var point in new EbmlElements(cues))
        {
            if (point.Id != Ids.CuePoint)
            {
                continue;
            }

            ulong? time = null;
            foreach (var e in new EbmlElements(point.Payload))
            {
                if (e.Id == Ids.CueTime)
                {
                    time = EbmlHeader.ReadUInt(e.Payload);
                }
            }

            foreach (var e in new EbmlElements(point.Payload))
            {
                if (e.Id != Ids.CueTrackPositions || time is null)
                {
                    continue;
                }

                int track = 0;
                long? cluster = null;
                foreach (var p in new EbmlElements(e.Payload))
                {
                    if (p.Id == Ids.CueTrack)
                    {
                        track = (int)Math.Min(EbmlHeader.ReadUInt(p.Payload), int.MaxValue);
                    }
                    else if (p.Id == Ids.CueClusterPosition)
                    {
                        cluster = (long)Math.Min(EbmlHeader.ReadUInt(p.Payload), long.MaxValue);
                    }
                }

                if (track > 0 && cluster is { } c)
                {
                    points.Add(new MatroskaCuePoint(time.Value, track, c));
                }
            }
        }

        return points;
    }
}
