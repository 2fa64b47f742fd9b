using MediaBroker.Codecs;
using MediaBroker.Codecs.Av1;
using MediaBroker.Core;
using MediaBroker.Media;

namespace MediaBroker.Formats.Fmp4;

/// <summary>
/// Turns <see cref="Unit"/>s into fMP4 samples: timestamps to the track timescale, composition offset, sync flag,
/// and the exact mdat size for the codec's framing. Shared by the HLS muxer and the recorder; allocates nothing.
/// </summary>
public static class Fmp4SampleBuilder
{
    /// <summary>Returns false when the unit has nothing to store (empty, only AUDs or temporal delimiters) or its OBUs are malformed.</summary>
    public static bool TryBuild(Fmp4TrackInfo track, Unit unit, out Fmp4Sample sample)
    {
        ArgumentNullException.ThrowIfNull(track);
        ArgumentNullException.ThrowIfNull(unit);
        sample = default;
        var framing = FramingOf(track.Codec);
        var size = SampleSize(unit.Payloads, framing);
        if (size <= 0)
        {
            return false;
        }

        var dts = Fmp4Time.Rescale(unit.Dts, track.SourceClockRate, track.Timescale);
        var pts = Fmp4Time.Rescale(unit.Pts, track.SourceClockRate, track.Timescale);
        var cto = pts - dts;
        if (cto is > int.MaxValue or < int.MinValue)
        {
            return false;
        }

        sample = new Fmp4Sample(dts, (int)cto, unit.IsKeyFrame, size, unit.Payloads, framing);
        return true;
    }

    public static Fmp4SampleFraming FramingOf(Codec codec) => codec switch
    {
        H264Codec => Fmp4SampleFraming.Avc,
        H265Codec => Fmp4SampleFraming.Hevc,
        Av1Codec => Fmp4SampleFraming.Av1,
        _ => Fmp4SampleFraming.Raw,
    };

    /// <summary>Bytes the payloads take in mdat, or -1 when AV1 OBUs are malformed.</summary>
    public static int SampleSize(ReadOnlyMemory<byte>[] payloads, Fmp4SampleFraming framing)
    {
        ArgumentNullException.ThrowIfNull(payloads);
        long size = 0;
        foreach (var p in payloads)
        {
            switch (framing)
            {
                case Fmp4SampleFraming.Avc or Fmp4SampleFraming.Hevc:
                    if (!IsDropped(p.Span, framing))
                    {
                        size += 4 + p.Length;
                    }

                    break;
                case Fmp4SampleFraming.Av1:
                    var obus = p.Span;
                    while (!obus.IsEmpty)
                    {
                        if (!TryReadObu(obus, out var obu))
                        {
                            return -1;
                        }

                        if (obu.Type != Av1ObuType.TemporalDelimiter)
                        {
                            size += obu.SizedLength;
                        }

                        obus = obus[obu.TotalLength..];
                    }

                    break;
                default:
                    size += p.Length;
                    break;
            }
        }

        return size > int.MaxValue ? -1 : (int)size;
    }

    /// <summary>
    /// Reads the OBU at the start of <paramref name="data"/> (without obu_size it runs to the end); false when it is
    /// truncated or malformed, which callers treat alike.
    /// </summary>
    internal static bool TryReadObu(ReadOnlySpan<byte> data, out Av1ObuHeader header)
    {
        try
        {
            return Av1ObuHeader.TryRead(data, out header);
        }
        catch (CodecProtocolException)
        {
            header = default;
            return false;
        }
    }

    /// <summary>NAL units that fMP4 samples leave out: access unit delimiters, and H.265 parameter sets (they are in hvcC).</summary>
    internal static bool IsDropped(ReadOnlySpan<byte> nal, Fmp4SampleFraming framing)
    {
        if (nal.IsEmpty)
        {
            return true;
        }

        if (framing == Fmp4SampleFraming.Avc)
        {
            return (nal[0] & 0x1F) == 9;
        }

        var type = (nal[0] >> 1) & 0x3F;
        return type is 35 or 32 or 33 or 34;
    }
}
