using System.Text;

namespace MediaBroker.Formats.Matroska;

/// <summary>One TrackEntry (RFC 9559 §5.1.4.1): what a block's track number refers to.</summary>
public sealed record MatroskaTrack(int Number, int Type, string CodecId, byte[]? CodecPrivate, int Width, int Height, int SampleRate, int Channels)
{
    public const int VideoType = 1;
    public const int AudioType = 2;

    /// <summary>Reads every TrackEntry of a Tracks element. Tracks with content encodings (compression) are refused.</summary>
    public static List<MatroskaTrack> ReadTracks(ReadOnlySpan<byte> tracks)
    {
        var result = new List<MatroskaTrack>();
        foreach (var e in new EbmlElements(tracks))
        {
            if (e.Id == MatroskaIds.TrackEntry)
            {
                result.Add(ReadEntry(e.Payload));
            }
        }

        return result;
    }

    private static MatroskaTrack ReadEntry(ReadOnlySpan<byte> entry)
    {
        int number = 0, type = 0, width = 0, height = 0, rate = 8000, channels = 1;
        var codec = "";
        byte[]? priv = null;
        foreach (var e in new EbmlElements(entry))
        {
            switch (e.Id)
            {
                case MatroskaIds.TrackNumber: number = (int)Math.Min(EbmlHeader.ReadUInt(e.Payload), int.MaxValue); break;
                case MatroskaIds.TrackType: type = (int)Math.Min(EbmlHeader.ReadUInt(e.Payload), int.MaxValue); break;
                case MatroskaIds.CodecId: codec = Encoding.ASCII.GetString(e.Payload).TrimEnd('\0'); break;
                case MatroskaIds.CodecPrivate: priv = e.Payload.ToArray(); break;
                case MatroskaIds.ContentEncodings:
                    throw new MatroskaProtocolException($"track {number}: compressed or encrypted tracks (ContentEncodings) are not supported");
                case MatroskaIds.Video:
                    foreach (var v in new EbmlElements(e.Payload))
                    {
                        if (v.Id == MatroskaIds.PixelWidth) width = (int)Math.Min(EbmlHeader.ReadUInt(v.Payload), int.MaxValue);
                        if (v.Id == MatroskaIds.PixelHeight) height = (int)Math.Min(EbmlHeader.ReadUInt(v.Payload), int.MaxValue);
                    }

                    break;
                case MatroskaIds.Audio:
                    foreach (var a in new EbmlElements(e.Payload))
                    {
                        if (a.Id == MatroskaIds.SamplingFrequency) rate = (int)EbmlHeader.ReadFloat(a.Payload);
                        if (a.Id == MatroskaIds.Channels) channels = (int)Math.Min(EbmlHeader.ReadUInt(a.Payload), 255);
                    }

                    break;
            }
        }

        if (number == 0)
        {
            throw new MatroskaProtocolException("a TrackEntry without TrackNumber");
        }

        return new MatroskaTrack(number, type, codec, priv, width, height, rate, channels);
    }
}
