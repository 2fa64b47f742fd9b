using System.Buffers.Binary;
using MediaBroker.Codecs;
using T = MediaBroker.Formats.Fmp4.Mp4BoxTypes;

namespace MediaBroker.Formats.Fmp4;

/// <summary>
/// Maps a track read by <see cref="Mp4FileReader"/> back to our codec model and its samples back to unit payloads,
/// for playing files on demand (and for tests that re-mux real captures).
/// </summary>
public static class Mp4TrackCodecs
{
    /// <summary>
    /// The codec of a track, or null when we do not support it or its configuration box is malformed. A sample entry
    /// that gives no clock (an audio sample rate of 0) counts as malformed: no stream can time its units.
    /// </summary>
    public static Codec? TryGetCodec(Mp4TrackDescription track) => Create(track) is { ClockRate: > 0 } codec ? codec : null;

    private static Codec? Create(Mp4TrackDescription track)
    {
        ArgumentNullException.ThrowIfNull(track);
        var config = track.Config;
        switch (track.SampleEntryType)
        {
            case T.Avc1 when config is { Length: > 6 }:
                return TryReadAvcc(config, out var sps, out var pps) ? new H264Codec(sps, pps) : null;
            case T.Hvc1 or T.Hev1 when config is { Length: > 23 }:
                return TryReadHvcc(config, out var vps, out var hsps, out var hpps) ? new H265Codec(vps, hsps, hpps) : null;
            case T.Av01 when config is { Length: > 4 }:
                return new Av1Codec(config[4..]);
            case T.Vp09 when config is { Length: > 4 }:
                return new Vp9Codec(config[4]);
            case T.Opus when config is { Length: > 2 }:
                return new OpusCodec(config[1]);
            case T.Mp4a when track.ObjectTypeIndication == 0x40 && config is { Length: >= 2 }:
                return new Mpeg4AudioCodec(config, track.SampleRate, track.ChannelCount);
            case T.Mp4a when track.ObjectTypeIndication is 0x69 or 0x6B:
                return new Mpeg12AudioCodec();
            case T.Mp4v when track.ObjectTypeIndication == 0x20:
                return new Mpeg4VideoCodec(config);
            case T.Mp4v when track.ObjectTypeIndication is >= 0x60 and <= 0x65 or 0x6A:
                return new Mpeg12VideoCodec();
            case T.Mp4v when track.ObjectTypeIndication == 0x6C:
                return new MjpegCodec();
            case T.Ac3:
                return new Ac3Codec(track.SampleRate, track.ChannelCount);
            case T.Ulaw or T.Alaw:
                return new G711Codec(track.SampleEntryType == T.Ulaw, track.SampleRate, track.ChannelCount);
            case T.Twos or T.In24:
                return new LpcmCodec(track.SampleEntryType == T.Twos ? 16 : 24, track.SampleRate, track.ChannelCount);
            default:
                return null;
        }
    }

    /// <summary>
    /// Splits one sample into unit payloads: NAL units (4-byte lengths) for H264/H265, OBUs for AV1, the whole sample otherwise.
    /// Slices share the sample's memory. Returns null when the NAL lengths or OBU sizes do not add up.
    /// </summary>
    public static ReadOnlyMemory<byte>[]? SplitSample(Codec codec, ReadOnlyMemory<byte> sample)
    {
        var parts = new List<ReadOnlyMemory<byte>>();
        var framing = Fmp4SampleBuilder.FramingOf(codec);
        var rest = sample;
        while (!rest.IsEmpty)
        {
            int start, length;
            if (framing is Fmp4SampleFraming.Avc or Fmp4SampleFraming.Hevc)
            {
                if (rest.Length < 4)
                {
                    return null;
                }

                var n = BinaryPrimitives.ReadUInt32BigEndian(rest.Span);
                if (n > (uint)(rest.Length - 4))
                {
                    return null;
                }

                (start, length) = (4, (int)n);
                parts.Add(rest.Slice(start, length));
                rest = rest[(start + length)..];
            }
            else if (framing == Fmp4SampleFraming.Av1)
            {
                if (!Fmp4SampleBuilder.TryReadObu(rest.Span, out var obu))
                {
                    return null;
                }

                parts.Add(rest[..obu.TotalLength]);
                rest = rest[obu.TotalLength..];
            }
            else
            {
                parts.Add(rest);
                break;
            }
        }

        return [.. parts];
    }

    private static bool TryReadAvcc(byte[] c, out byte[]? sps, out byte[]? pps)
    {
        sps = pps = null;
        var p = 5;
        var spsCount = c[p++] & 0x1F;
        for (var i = 0; i < spsCount; i++)
        {
            if (!TryTake(c, ref p, out var nal))
            {
                return false;
            }

            sps ??= nal;
        }

        if (p >= c.Length)
        {
            return false;
        }

        var ppsCount = c[p++];
        for (var i = 0; i < ppsCount; i++)
        {
            if (!TryTake(c, ref p, out var nal))
            {
                return false;
            }

            pps ??= nal;
        }

        return sps is not null && pps is not null;
    }

    private static bool TryReadHvcc(byte[] c, out byte[]? vps, out byte[]? sps, out byte[]? pps)
    {
        vps = sps = pps = null;
        var p = 22;
        var arrays = c[p++];
        for (var a = 0; a < arrays; a++)
        {
            if (p + 3 > c.Length)
            {
                return false;
            }

            var type = c[p] & 0x3F;
            var count = (c[p + 1] << 8) | c[p + 2];
            p += 3;
            for (var i = 0; i < count; i++)
            {
                if (!TryTake(c, ref p, out var nal))
                {
                    return false;
                }

                switch (type)
                {
                    case 32: vps ??= nal; break;
                    case 33: sps ??= nal; break;
                    case 34: pps ??= nal; break;
                }
            }
        }

        return vps is not null && sps is not null && pps is not null;
    }

    private static bool TryTake(byte[] c, ref int p, out byte[] nal)
    {
        nal = [];
        if (p + 2 > c.Length)
        {
            return false;
        }

        var n = (c[p] << 8) | c[p + 1];
        if (p + 2 + n > c.Length)
        {
            return false;
        }

        nal = c.AsSpan(p + 2, n).ToArray();
        p += 2 + n;
        return true;
    }
}
