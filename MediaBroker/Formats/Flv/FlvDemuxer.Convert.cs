using MediaBroker.Codecs;
using MediaBroker.Codecs.Ac3;
using MediaBroker.Codecs.H264;
using MediaBroker.Codecs.H265;
using MediaBroker.Codecs.Nal;
using MediaBroker.Codecs.Opus;
using MediaBroker.Core;
using MediaBroker.Media;

namespace MediaBroker.Formats.Flv;

public sealed partial class FlvDemuxer
{
    private static string LegacyVideoName(uint id) => id switch
    {
        2 => "Sorenson H.263",
        3 => "Screen Video",
        4 => "On2 VP6",
        5 => "On2 VP6 with alpha",
        6 => "Screen Video v2",
        _ => $"codec id {id}",
    };

    private static string LegacyAudioName(uint format) => format switch
    {
        0 or 3 => "Linear PCM",
        1 => "ADPCM",
        4 or 5 or 6 => "Nellymoser",
        11 => "Speex",
        _ => $"sound format {format}",
    };

    private void Probe(FlvTagType type, ReadOnlyMemory<byte> body)
    {
        try
        {
            ProbeTag(type, body);
        }
        catch (CodecProtocolException ex)
        {
            throw new FlvProtocolException(ex.Message, ex);
        }
    }

    private void ProbeTag(FlvTagType type, ReadOnlyMemory<byte> body)
    {
        if (type == FlvTagType.Video)
        {
            var p = FlvTagParser.ParseVideo(body);
            if (p.Kind == FlvPacketKind.SequenceStart || (p.Kind == FlvPacketKind.CodedFrames && _videoCodec is null))
            {
                _videoCodec ??= VideoCodecFrom(p);
            }

            return;
        }

        var a = FlvTagParser.ParseAudio(body);
        if (a.Kind == FlvPacketKind.SequenceStart || (a.Kind == FlvPacketKind.CodedFrames && _audioCodec is null))
        {
            _audioCodec ??= AudioCodecFrom(a);
        }
    }

    /// <summary>The codec a packet describes, or null when it does not describe one (a frame before its header).</summary>
    private Codec? VideoCodecFrom(FlvVideoPacket p)
    {
        if (p.Codec == FlvVideoCodec.Unsupported)
        {
            var name = p.IsEnhanced ? $"FourCC '{FlvFourCc.ToText(p.CodecTag)}'" : LegacyVideoName(p.CodecTag);
            throw new FlvProtocolException($"unsupported video codec {name}; supported: H264, and with Enhanced RTMP H265, AV1, VP9");
        }

        var data = p.Data.Span;
        if (p.Kind == FlvPacketKind.SequenceStart)
        {
            switch (p.Codec)
            {
                case FlvVideoCodec.H264:
                    if (!AvcDecoderConfigurationRecord.TryParse(data, out var avc) || avc.Sps.Count == 0 || avc.Pps.Count == 0)
                    {
                        throw new FlvProtocolException("AVCDecoderConfigurationRecord truncated or without SPS/PPS");
                    }

                    _videoLengthSize = avc.LengthSize;
                    return new H264Codec(avc.Sps[0], avc.Pps[0]);
                case FlvVideoCodec.H265:
                    if (!HevcDecoderConfigurationRecord.TryParse(data, out var hevc)
                        || hevc.Find(H265NalUnitType.Vps) is not { } vps
                        || hevc.Find(H265NalUnitType.Sps) is not { } sps
                        || hevc.Find(H265NalUnitType.Pps) is not { } pps)
                    {
                        throw new FlvProtocolException("HEVCDecoderConfigurationRecord truncated or without VPS/SPS/PPS");
                    }

                    _videoLengthSize = hevc.LengthSize;
                    return new H265Codec(vps, sps, pps);
                case FlvVideoCodec.Av1:
                    return new Av1Codec(Av1ConfigRecord.Parse(data));
                default:
                    return new Vp9Codec(Vp9ConfigRecord.ParseProfile(data));
            }
        }

        // Codecs that can start without a sequence header.
        return p.Codec switch
        {
            FlvVideoCodec.Vp9 => new Vp9Codec(),
            FlvVideoCodec.Av1 => new Av1Codec(null),
            _ => null,
        };
    }

    private static Codec? AudioCodecFrom(FlvAudioPacket p)
    {
        var data = p.Data.Span;
        switch (p.Codec)
        {
            case FlvAudioCodec.Aac when p.Kind == FlvPacketKind.SequenceStart:
                return Mpeg4AudioCodec.FromConfig(data.ToArray())
                    ?? throw new FlvProtocolException("AudioSpecificConfig truncated or invalid");
            case FlvAudioCodec.Aac:
                return null;
            case FlvAudioCodec.Mp3:
                return new Mpeg12AudioCodec();
            case FlvAudioCodec.Opus:
                if (p.Kind != FlvPacketKind.SequenceStart)
                {
                    return new OpusCodec(2);
                }

                return OpusHead.TryParse(data, out var head) ? new OpusCodec(head.ChannelCount) : throw new FlvProtocolException("OpusHead truncated");
            case FlvAudioCodec.Ac3:
                return Ac3CodecFrom(data);
            case FlvAudioCodec.G711ALaw or FlvAudioCodec.G711MuLaw:
                return new G711Codec(p.Codec == FlvAudioCodec.G711MuLaw, 8000, p.ChannelCount);
            default:
                var name = p.IsEnhanced ? $"FourCC '{FlvFourCc.ToText(p.CodecTag)}'" : LegacyAudioName(p.CodecTag);
                throw new FlvProtocolException($"unsupported audio codec {name}; supported: AAC, MP3, G711, and with Enhanced RTMP Opus, AC-3");
        }
    }

    /// <summary>Sample rate and channels from the first AC-3 sync frame (ATSC A/52).</summary>
    private static Ac3Codec? Ac3CodecFrom(ReadOnlySpan<byte> frame) =>
        Ac3FrameHeader.TryParse(frame, out var h) ? new Ac3Codec(h.SampleRate, h.ChannelCount) : null;

    private void Convert(FlvTagType type, long ms, ReadOnlyMemory<byte> body, List<Unit> output)
    {
        try
        {
            ConvertTag(type, ms, body, output);
        }
        catch (CodecProtocolException ex)
        {
            throw new FlvProtocolException(ex.Message, ex);
        }
    }

    private void ConvertTag(FlvTagType type, long ms, ReadOnlyMemory<byte> body, List<Unit> output)
    {
        if (type == FlvTagType.Video)
        {
            ConvertVideo(ms, body, FlvTagParser.ParseVideo(body), output);
            return;
        }

        var a = FlvTagParser.ParseAudio(body);
        if (_audioTrack is null)
        {
            return;
        }

        if (a.Kind == FlvPacketKind.SequenceStart)
        {
            UpdateCodec(_audioTrack, AudioCodecFrom(a));
            return;
        }

        if (a.Kind != FlvPacketKind.CodedFrames || a.Data.IsEmpty)
        {
            return;
        }

        var rate = _audioTrack.ClockRate;
        var ts = ms * rate / 1000;
        output.Add(new Unit
        {
            Track = _audioTrack,
            Pts = ts,
            Dts = ts,
            NtpTime = DateTime.UtcNow,
            IsRandomAccess = true,
            Payloads = [a.Data],
        });
    }

    private void ConvertVideo(long ms, ReadOnlyMemory<byte> body, FlvVideoPacket p, List<Unit> output)
    {
        if (_videoTrack is null)
        {
            return;
        }

        if (p.Kind == FlvPacketKind.SequenceStart)
        {
            UpdateCodec(_videoTrack, VideoCodecFrom(p));
            return;
        }

        if (p.Kind != FlvPacketKind.CodedFrames || p.Data.IsEmpty)
        {
            return;
        }

        var dts = ms * 90;
        var key = p.IsKeyFrame;
        ReadOnlyMemory<byte>[] payloads;
        switch (_videoTrack.Codec)
        {
            case H264Codec:
            case H265Codec:
                payloads = SplitNalUnits(p.Data, _videoLengthSize);
                key |= UpdateParameterSets(payloads);
                break;
            case Av1Codec:
                payloads = SplitObus(p.Data);
                break;
            default:
                payloads = [p.Data];
                break;
        }

        if (payloads.Length == 0)
        {
            return;
        }

        output.Add(new Unit
        {
            Track = _videoTrack,
            Dts = dts,
            Pts = dts + (p.CompositionTime * 90L),
            NtpTime = DateTime.UtcNow,
            IsRandomAccess = key,
            Payloads = payloads,
            FlvBody = IsMuxerOutput(body, p, key, payloads) ? body : default,
        });
    }

    /// <summary>
    /// Whether <paramref name="body"/> is exactly what <see cref="FlvMuxer.EncodeUnit"/> writes for the unit: a legacy
    /// AVC tag whose frame type matches the unit's key flag, 4-byte NAL unit lengths, no empty NAL unit and no access unit
    /// delimiter (the muxer drops both). The composition time round-trips (ms to 90 kHz and back). RTMP readers then
    /// send the publisher's body instead of a frame-sized copy.
    /// </summary>
    private bool IsMuxerOutput(ReadOnlyMemory<byte> body, FlvVideoPacket p, bool key, ReadOnlyMemory<byte>[] nalus)
    {
        var s = body.Span;
        if (_videoTrack!.Codec is not H264Codec || p.IsEnhanced || _videoLengthSize != 4 || s.Length != 5 + p.Data.Length
            || s[0] != (key ? 0x17 : 0x27) || s[1] != 1 || Avcc.GetLength(nalus) != p.Data.Length)
        {
            return false;
        }

        foreach (var nalu in nalus)
        {
            if ((nalu.Span[0] & 0x1F) == 9)
            {
                return false;
            }
        }

        return true;
    }

    private static void UpdateCodec(Track track, Codec? codec)
    {
        if (codec is null)
        {
            return;
        }

        if (codec.GetType() != track.Codec.GetType())
        {
            throw new FlvProtocolException($"codec changed mid-stream from {track.Codec.Name} to {codec.Name}");
        }

        track.UpdateCodec(codec);
    }

    /// <summary>AVCC/HVCC framing: NAL units behind big-endian lengths (ISO/IEC 14496-15 §5.3.2), sliced without copying.</summary>
    private static ReadOnlyMemory<byte>[] SplitNalUnits(ReadOnlyMemory<byte> data, int lengthSize)
    {
        try
        {
            return Avcc.Split(data, lengthSize);
        }
        catch (CodecProtocolException ex)
        {
            throw new FlvProtocolException(ex.Message, ex);
        }
    }

    private static ReadOnlyMemory<byte>[] SplitObus(ReadOnlyMemory<byte> data)
    {
        var count = 0;
        for (var rest = data.Span; !rest.IsEmpty;)
        {
            var length = Av1ConfigRecord.ObuLength(rest, out var type);
            count += type == Av1ConfigRecord.ObuTemporalDelimiter ? 0 : 1;
            rest = rest[length..];
        }

        var obus = new ReadOnlyMemory<byte>[count];
        var n = 0;
        for (var pos = 0; pos < data.Length;)
        {
            var length = Av1ConfigRecord.ObuLength(data.Span[pos..], out var type);
            if (type != Av1ConfigRecord.ObuTemporalDelimiter)
            {
                obus[n++] = data.Slice(pos, length);
            }

            pos += length;
        }

        return obus;
    }

    /// <summary>
    /// Applies in-band parameter sets to the track (copying only when they differ) and reports whether the
    /// frame holds an IDR/IRAP picture.
    /// </summary>
    private bool UpdateParameterSets(ReadOnlyMemory<byte>[] nalus)
    {
        var track = _videoTrack!;
        var random = false;
        if (track.Codec is H264Codec h264)
        {
            ReadOnlySpan<byte> sps = h264.Sps, pps = h264.Pps;
            var changed = false;
            foreach (var nalu in nalus)
            {
                var s = nalu.Span;
                if (s.IsEmpty)
                {
                    continue;
                }

                switch (s[0] & 0x1F)
                {
                    case 5:
                        random = true;
                        break;
                    case 7 when !s.SequenceEqual(sps):
                        sps = s;
                        changed = true;
                        break;
                    case 8 when !s.SequenceEqual(pps):
                        pps = s;
                        changed = true;
                        break;
                }
            }

            if (changed)
            {
                track.UpdateCodec(h264 with { Sps = sps.ToArray(), Pps = pps.ToArray() });
            }

            return random;
        }

        var h265 = (H265Codec)track.Codec;
        ReadOnlySpan<byte> vps = h265.Vps, sps2 = h265.Sps, pps2 = h265.Pps;
        var changed2 = false;
        foreach (var nalu in nalus)
        {
            var s = nalu.Span;
            if (s.Length < 2)
            {
                continue;
            }

            switch ((s[0] >> 1) & 0x3F)
            {
                case >= 16 and <= 23:
                    random = true;
                    break;
                case 32 when !s.SequenceEqual(vps):
                    vps = s;
                    changed2 = true;
                    break;
                case 33 when !s.SequenceEqual(sps2):
                    sps2 = s;
                    changed2 = true;
                    break;
                case 34 when !s.SequenceEqual(pps2):
                    pps2 = s;
                    changed2 = true;
                    break;
            }
        }

        if (changed2)
        {
            track.UpdateCodec(h265 with { Vps = vps.ToArray(), Sps = sps2.ToArray(), Pps = pps2.ToArray() });
        }

        return random;
    }
}
