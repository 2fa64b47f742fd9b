using System.Buffers;
using MediaBroker.Codecs;
using MediaBroker.Codecs.Aac;
using MediaBroker.Codecs.Ac3;
using MediaBroker.Codecs.Mpeg12Audio;
using MediaBroker.Codecs.Mpeg12Video;
using MediaBroker.Codecs.Mpeg4Video;
using MediaBroker.Codecs.Opus;

namespace MediaBroker.Formats.MpegTs;

// PES completion and the per-codec split of PES payloads into access units.
public sealed partial class MpegTsDemuxer
{
    // ADTS in MPEG-TS carries AAC with 1024-sample frames (the 960 variant has no ADTS signalling).
    private const int AacSamplesPerFrame = 1024;

    private long _lastPts90 = long.MinValue;

    private void CompletePes(TsElementaryStream es)
    {
        es.EndPes();
        var pes = es.PesData;
        if (es.PesExpected > 0)
        {
            if (pes.Length < es.PesExpected)
            {
                PesErrors++; // the next unit started before this one was whole
                LosePes(es);
                return;
            }

            pes = pes[..es.PesExpected];
        }

        try
        {
            if (PesHeader.TryRead(pes, out var header) != OperationStatus.Done)
            {
                throw new MpegTsProtocolException(MpegTsError.BadPesHeader, "PES shorter than its header");
            }

            long pts, dts;
            if (header.Pts >= 0)
            {
                dts = _unwrapper.Unwrap(header.Dts);
                pts = header.Dts == header.Pts ? dts : _unwrapper.Unwrap(header.Pts);
                _lastPts90 = pts;
            }
            else if (es.Kind == TsStreamKind.Klv && _lastPts90 != long.MinValue)
            {
                pts = dts = _lastPts90; // asynchronous metadata: stamp it with the program's latest time
            }
            else
            {
                throw new MpegTsProtocolException(MpegTsError.BadPesHeader, "PES without PTS");
            }

            // Units own their bytes for as long as the slowest reader holds them: one copy per PES.
            var body = pes[header.HeaderLength..];
            if (body.IsEmpty)
            {
                return;
            }

            var copy = GC.AllocateUninitializedArray<byte>(body.Length);
            body.CopyTo(copy);
            switch (es.Kind)
            {
                case TsStreamKind.H264:
                case TsStreamKind.H265:
                    OnH26x(es, copy, pts, dts);
                    break;
                case TsStreamKind.Aac:
                case TsStreamKind.MpegAudio:
                case TsStreamKind.Ac3:
                    OnAudioFrames(es, copy, pts);
                    break;
                case TsStreamKind.Opus:
                    OnOpus(es, copy, pts);
                    break;
                case TsStreamKind.Mpeg4Video:
                case TsStreamKind.Mpeg12Video:
                    OnMpegVideo(es, copy, pts, dts);
                    break;
                default:
                    Emit(es, pts, dts, true, [copy], dts);
                    break;
            }
        }
        catch (MpegTsProtocolException ex)
        {
            OnMalformedPes(es, ex.Message);
        }
        catch (CodecProtocolException ex)
        {
            OnMalformedPes(es, ex.Message); // a malformed ADTS/MPEG audio/AC-3/Opus header inside the PES
        }
    }

    private void OnMalformedPes(TsElementaryStream es, string reason)
    {
        PesErrors++;
        LogMalformed(es.Pid, reason);
        if (es.IsVideo)
        {
            es.WaitingForKey = true;
        }
    }

    /// <summary>90 kHz to the track clock (audio sample rate).</summary>
    private static long ToClock(long time90, int clockRate) =>
        clockRate == 90000 ? time90 : (long)Math.Floor(time90 * (double)clockRate / 90000);

    /// <summary>
    /// ADTS, MPEG-1/2 audio and AC-3: a PES holds whole frames. Later frames are offset by the samples before them,
    /// in the track clock (the sample rate, or 90 kHz for MPEG audio as in RFC 2250).
    /// </summary>
    private void OnAudioFrames(TsElementaryStream es, byte[] data, long pts90)
    {
        long samples = 0;
        var pos = 0;
        while (pos < data.Length)
        {
            var frame = ReadAudioFrame(es, data.AsSpan(pos));
            if (pos + frame.Length > data.Length)
            {
                throw new MpegTsProtocolException(MpegTsError.BadElementaryStream, "audio frame truncated");
            }

            var clock = es.Codec!.ClockRate;
            var pts = ToClock(pts90, clock) + (samples * clock / frame.SampleRate);
            Emit(es, pts, pts, true, [data.AsMemory(pos + frame.HeaderLength, frame.Length - frame.HeaderLength)], pts90);
            samples += frame.Samples;
            pos += frame.Length;
        }
    }

    /// <summary>Reads the frame header at the start of <paramref name="data"/>; the first frame sets the track's parameters.</summary>
    private static AudioFrame ReadAudioFrame(TsElementaryStream es, ReadOnlySpan<byte> data)
    {
        switch (es.Kind)
        {
            case TsStreamKind.Aac:
                if (!AdtsHeader.TryParse(data, out var adts))
                {
                    throw new MpegTsProtocolException(MpegTsError.BadElementaryStream, "ADTS header truncated");
                }

                if (adts.PayloadLength == 0 || adts.RawDataBlocks != 1)
                {
                    throw new MpegTsProtocolException(MpegTsError.BadElementaryStream, "ADTS frames must hold exactly one raw data block");
                }

                // Parameters are fixed for the life of the track (its clock is the sample rate).
                es.Codec ??= new Mpeg4AudioCodec(adts.BuildAudioSpecificConfig(), adts.SampleRate, adts.ChannelCount);
                return new AudioFrame(adts.HeaderLength, adts.FrameLength, AacSamplesPerFrame, adts.SampleRate);
            case TsStreamKind.MpegAudio:
                if (!MpegAudioFrameHeader.TryParse(data, out var mpa))
                {
                    throw new MpegTsProtocolException(MpegTsError.BadElementaryStream, "MPEG audio header truncated");
                }

                return new AudioFrame(0, mpa.FrameLength, mpa.SamplesPerFrame, mpa.SampleRate);
            default:
                if (!Ac3FrameHeader.TryParse(data, out var ac3))
                {
                    throw new MpegTsProtocolException(MpegTsError.BadElementaryStream, "AC-3 header truncated");
                }

                if (ac3.Enhanced)
                {
                    // E-AC-3 has its own stream_type (0x87) and codec; this stream was declared AC-3.
                    throw new MpegTsProtocolException(MpegTsError.BadElementaryStream, "E-AC-3 frame in an AC-3 stream");
                }

                es.Codec ??= new Ac3Codec(ac3.SampleRate, ac3.ChannelCount);
                return new AudioFrame(0, ac3.FrameLength, ac3.SamplesPerFrame, ac3.SampleRate);
        }
    }

    private void OnOpus(TsElementaryStream es, byte[] data, long pts90)
    {
        var pts = ToClock(pts90, 48000);
        var pos = 0;
        while (pos < data.Length)
        {
            if (!OpusTsFraming.TryReadControlHeader(data.AsSpan(pos), out var headerLength, out var packetLength)
                || pos + headerLength + packetLength > data.Length)
            {
                throw new MpegTsProtocolException(MpegTsError.BadElementaryStream, "Opus access unit truncated");
            }

            var packet = data.AsMemory(pos + headerLength, packetLength);
            Emit(es, pts, pts, true, [packet], pts90);
            pts += OpusPacket.TryParse(packet.Span, out var toc) ? toc.Duration : 0;
            pos += headerLength + packetLength;
        }
    }

    /// <summary>MPEG-1/2 and MPEG-4 Part 2 video: one frame per PES.</summary>
    private void OnMpegVideo(TsElementaryStream es, byte[] data, long pts, long dts)
    {
        bool key;
        if (es.Kind == TsStreamKind.Mpeg12Video)
        {
            key = Mpeg12VideoBitstream.TryParseSequenceHeader(data, out _); // a sequence header precedes every entry point
        }
        else
        {
            key = Mpeg4VideoBitstream.IsKeyFrame(data);
            var configLength = Mpeg4VideoBitstream.GetConfigLength(data);
            if (configLength > 0 && es.Codec is Mpeg4VideoCodec current && (current.Config is null || !current.Config.AsSpan().SequenceEqual(data.AsSpan(0, configLength))))
            {
                SetCodec(es, new Mpeg4VideoCodec(data.AsSpan(0, configLength).ToArray()));
            }
        }

        Emit(es, pts, dts, key, [data], dts);
    }

    /// <summary>One audio frame: its header (skipped in the unit for ADTS), whole length, and duration.</summary>
    private readonly record struct AudioFrame(int HeaderLength, int Length, int Samples, int SampleRate);
}
