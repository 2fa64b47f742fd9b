using System.Diagnostics;
using FluentAssertions;
using MediaBroker.Codecs;
using MediaBroker.Core;
using MediaBroker.Formats.Rtp;
using MediaBroker.Media;
using MediaBroker.Protocols.Rtsp;
using MediaBroker.Streams.Rtp;
using MediaBroker.Tests.Formats.Rtp;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace MediaBroker.Tests.Protocols.Rtsp;

/// <summary>
/// RTP-Info's rtptime of every track names one instant, the start of the range, on the same RTP-to-wall-clock mapping
/// as the sender reports: a client that starts each track at its rtptime keeps the tracks' relative timing when the
/// first report arrives (ffmpeg's audio went back in time there when audio began before the cached key frame).
/// </summary>
public sealed class RtspRtpInfoRangeTests
{
    private static readonly DateTime Origin = new(2026, 12, 3, 3, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void FirstPackets_AudioStartsBeforeTheCachedKeyFrame_RtptimesNameTheSameInstant()
    {
        var (stream, encoder, video, audio) = Stream();
        var sent = new List<RtpUnitPackets>();
        encoder.Packets.Subscribe(stream.ReaderOptions("all"));

        // Real H264 access units from ffmpeg (the first is the key frame) at 25 fps and real PCMU packets every 20 ms;
        // audio is written a little after the picture it follows in time, as publishers interleave.
        for (var i = 0; i < 10; i++)
        {
            stream.WriteUnit(Timed(video[i], 90000, i * 3600L));
            if (i >= 2)
            {
                stream.WriteUnit(Timed(audio[i % audio.Count], 8000, 100 + (i * 160L)));
            }
        }

        // A reader joining now gets the cached group of pictures: the key frame at 0 ms, then audio from 52.5 ms.
        var starts = Array.Empty<RtspTrackStart>();
        var reader = encoder.Packets.Subscribe(stream.ReaderOptions("late"),
            replayed => starts = RtspRtpInfo.FirstPackets(replayed, encoder, [true, true], Origin.AddSeconds(10)));
        while (reader.Reader.TryRead(out var item))
        {
            sent.Add(item);
        }

        var firstVideo = sent.First(p => p.TrackId == 0);
        var firstAudio = sent.First(p => p.TrackId == 1);
        firstVideo.IsKeyFrame.Should().BeTrue();
        (firstAudio.NtpTime - firstVideo.NtpTime).Should().BeCloseTo(TimeSpan.FromMilliseconds(52.5), TimeSpan.FromMilliseconds(0.1));

        starts.Select(s => s.TrackId).Should().Equal(0, 1);
        starts[0].RtpTimestamp.Should().Be(firstVideo.RtpTimestamp, "the range starts at the key frame, the earliest first packet");
        unchecked((int)(firstAudio.RtpTimestamp - starts[1].RtpTimestamp!.Value)).Should()
            .BeInRange(419, 421, "audio's rtptime is its clock at the key frame, 52.5 ms (420 ticks) before its first packet");
        starts[0].SequenceNumber.Should().Be(SequenceOf(firstVideo));
        starts[1].SequenceNumber.Should().Be(SequenceOf(firstAudio));

        // The sender reports agree: each rtptime maps to the same wall-clock time.
        var instants = starts.Select(s => WallClockOf(encoder.GetTrackState(s.TrackId), s.RtpTimestamp!.Value)).ToList();
        instants[1].Should().BeCloseTo(instants[0], TimeSpan.FromTicks(2000));
    }

    [Fact]
    public void FirstPackets_NothingCached_EachRtptimeIsItsClockNow()
    {
        var (stream, encoder, video, audio) = Stream();
        stream.WriteUnit(Timed(video[0], 90000, 0));
        stream.WriteUnit(Timed(audio[0], 8000, 0));
        encoder.Packets.Subscribe(stream.ReaderOptions("first"));

        // Without a cache (an audio-only reader of this stream would see this too) both tracks start "now".
        var now = Origin.AddSeconds(2);
        var starts = RtspRtpInfo.FirstPackets([], encoder, [true, true], now);
        starts.Select(s => WallClockOf(encoder.GetTrackState(s.TrackId), s.RtpTimestamp!.Value))
            .Should().AllSatisfy(t => t.Should().BeCloseTo(now, TimeSpan.FromTicks(2000)));
    }

    [Fact]
    public void FirstPackets_TrackNotSetUpOrNeverSent_LeftOutOrWithoutRtptime()
    {
        var (stream, encoder, video, _) = Stream();
        stream.WriteUnit(Timed(video[0], 90000, 0));
        var starts = RtspRtpInfo.FirstPackets([], encoder, [false, true], Origin);
        starts.Should().ContainSingle().Which.Should().Be(new RtspTrackStart(1, encoder.GetTrackState(1).NextSequenceNumber, null));
    }

    private static (MediaStream Stream, RtpStreamEncoder Encoder, List<Unit> Video, List<Unit> Audio) Stream()
    {
        var videoTrack = new Track(0, new H264Codec(null, null, 1));
        var audioTrack = new Track(1, new G711Codec(MuLaw: true));
        var stream = new MediaStream([videoTrack, audioTrack], new PathClock(), 2048, NullLogger.Instance);
        var encoder = stream.GetOrAddEncoder(new RtpEncoderKey(1460));
        return (stream, encoder, Decode(videoTrack, "h264"), Decode(audioTrack, "pcmu"));
    }

    private static List<Unit> Decode(Track track, string dump)
    {
        var decoder = new RtpUnitDecoder(track, new RtpTimeDecoder().AddTrack(track.ClockRate));
        var units = new List<Unit>();
        foreach (var p in RtpDump.Packets(dump))
        {
            decoder.Decode(p, Stopwatch.GetTimestamp(), DateTime.UtcNow, units);
        }

        return units;
    }

    /// <summary>The unit at <paramref name="pts"/>, with the wall-clock time a hub gives it: origin plus media time.</summary>
    private static Unit Timed(Unit unit, int clockRate, long pts) => new()
    {
        Track = unit.Track,
        Pts = pts,
        Dts = pts,
        NtpTime = Origin.AddTicks(pts * TimeSpan.TicksPerSecond / clockRate),
        IsRandomAccess = unit.IsRandomAccess,
        Payloads = unit.Payloads,
    };

    private static ushort SequenceOf(RtpUnitPackets item) =>
        System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(item.Packets[0].Span[2..]);

    /// <summary>What a client computes from the track's sender report.</summary>
    private static DateTime WallClockOf(RtpTrackSenderState state, uint rtptime)
    {
        var report = state.BuildSenderReport(Origin.AddSeconds(30));
        var ntp = MediaBroker.Formats.Rtp.Rtcp.NtpTime64.ToDateTime(report.NtpTimestamp);
        return ntp.AddTicks((long)((double)unchecked((int)(rtptime - report.RtpTimestamp)) * TimeSpan.TicksPerSecond / state.ClockRate));
    }
}
