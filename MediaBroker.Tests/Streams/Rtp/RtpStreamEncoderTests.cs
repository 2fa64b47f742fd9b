using System.Diagnostics;
using FluentAssertions;
using MediaBroker.Codecs;
using MediaBroker.Core;
using MediaBroker.Formats.Rtp;
using MediaBroker.Formats.Rtp.Payloads;
using MediaBroker.Media;
using MediaBroker.Streams.Rtp;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;
using MediaBroker.Tests.Formats.Rtp;

namespace MediaBroker.Tests.Streams.Rtp;

public sealed class RtpStreamEncoderTests
{
    [Theory]
    [InlineData(1460, true)] // ffmpeg sends payloads up to 1460 bytes (-pkt_size 1472)
    [InlineData(300, false)]
    public void Write_H264FromRtp_ForwardsOrRepacketizesWithOneContinuousSequence(int maxPayload, bool forwarded)
    {
        var track = new Track(0, new H264Codec(null, null, 1));
        var stream = new MediaStream([track], new PathClock(), 2048, NullLogger.Instance);
        var encoder = stream.GetOrAddEncoder(new RtpEncoderKey(maxPayload));
        var reader = encoder.Packets.Subscribe(stream.ReaderOptions("test"));
        var decoder = new RtpUnitDecoder(track, new RtpTimeDecoder().AddTrack(90000));
        var units = new List<Unit>();
        var source = RtpDump.Packets("h264");
        foreach (var p in source)
        {
            decoder.Decode(p, Stopwatch.GetTimestamp(), DateTime.UtcNow, units);
        }

        foreach (var u in units)
        {
            stream.WriteUnit(u);
        }

        var items = new List<RtpUnitPackets>();
        while (reader.Reader.TryRead(out var item))
        {
            items.Add(item);
        }

        items.Should().HaveCount(25);
        items[0].IsKeyFrame.Should().BeTrue();
        var sent = items.SelectMany(i => i.Packets).Select(raw => { RtpPacket.TryParse(raw, out var p).Should().BeTrue(); return p; }).ToList();
        sent.Should().OnlyContain(p => p.Payload.Length <= maxPayload && p.PayloadType == encoder.PayloadType(0) && p.Ssrc == sent[0].Ssrc);
        for (var i = 1; i < sent.Count; i++)
        {
            sent[i].SequenceNumber.Should().Be((ushort)(sent[i - 1].SequenceNumber + 1));
        }

        if (forwarded)
        {
            sent.Select(p => p.Payload.ToArray()).Should().BeEquivalentTo(source.Select(p => p.Payload.ToArray()), o => o.WithStrictOrdering());
        }

        // Whatever the path, the packets decode back to the same access units.
        var depacketizer = new H264Depacketizer();
        var back = new List<RtpDepacketizedUnit>();
        foreach (var p in sent)
        {
            depacketizer.Push(p, back);
        }

        back.Select(b => b.Payloads.Length).Should().Equal(units.Select(u => u.Payloads.Length));
        var state = encoder.GetTrackState(0);
        state.NextSequenceNumber.Should().Be((ushort)(sent[^1].SequenceNumber + 1));
        state.PacketCount.Should().Be((uint)sent.Count);
        state.LastRtpTimestamp.Should().Be(sent[^1].Timestamp);
        (sent[^1].Timestamp - sent[0].Timestamp).Should().Be(24 * 3600u);
        state.BuildSenderReport(state.LastNtpTime).RtpTimestamp.Should().Be(state.LastRtpTimestamp);
    }

    [Fact]
    public void GetOrAddEncoder_AfterUnits_FirstReaderStartsAtTheCachedKeyFrameWithEveryUnitOnce()
    {
        var track = new Track(0, new H264Codec(null, null, 1));
        var stream = new MediaStream([track], new PathClock(), 2048, NullLogger.Instance);
        var decoder = new RtpUnitDecoder(track, new RtpTimeDecoder().AddTrack(90000));
        var units = new List<Unit>();
        foreach (var p in RtpDump.Packets("h264"))
        {
            decoder.Decode(p, Stopwatch.GetTimestamp(), DateTime.UtcNow, units);
        }

        var half = units.Count / 2;
        foreach (var u in units.Take(half))
        {
            stream.WriteUnit(u);
        }

        // The first RTSP or WebRTC reader creates the encoder after the key frame went by.
        var encoder = stream.GetOrAddEncoder(new RtpEncoderKey(1460));
        var reader = encoder.Packets.Subscribe(stream.ReaderOptions("first"));
        foreach (var u in units.Skip(half))
        {
            stream.WriteUnit(u);
        }

        // The stream caches units from the last key frame before the encoder existed; every later unit follows once.
        var cachedFrom = units.FindLastIndex(half - 1, u => u.IsRandomAccess);
        cachedFrom.Should().BeGreaterThanOrEqualTo(0);
        var items = Drain(reader);
        items.Should().HaveCount(units.Count - cachedFrom, "the cached group of pictures, then every later access unit, once");
        items[0].IsKeyFrame.Should().BeTrue();
        items.Select(i => i.RtpTimestamp).Should().OnlyHaveUniqueItems().And.BeInAscendingOrder();
    }

    [Fact]
    public void GetOrAddEncoder_WhilePublishing_KeyFrameFirstThenEveryUnitExactlyOnce()
    {
        const uint VideoStep = 3000;
        const int AfterCreation = 1500; // video + audio units: 3000 items, within the reader's queue whatever the timing
        var createdWhileWriting = 0;
        for (var round = 0; round < 20; round++)
        {
            var video = new Track(0, new H264Codec(null, null, 1));
            var audio = new Track(1, new G711Codec(MuLaw: true));
            var stream = new MediaStream([video, audio], new PathClock(), 4096, NullLogger.Instance);
            var written = 0;
            var createAfter = 5 + (round * 7);
            var total = createAfter + AfterCreation;
            var writer = new Thread(() =>
            {
                var ntp = DateTime.UtcNow;
                for (var i = 0; i < total; i++)
                {
                    var key = i % 10 == 0;
                    stream.WriteUnit(new Unit
                    {
                        Track = video, Pts = i * VideoStep, Dts = i * VideoStep, IsRandomAccess = key, NtpTime = ntp.AddTicks(i * 333_333),
                        Payloads = [new byte[] { key ? (byte)0x65 : (byte)0x41, 0x88, (byte)i }],
                    });
                    stream.WriteUnit(new Unit
                    {
                        Track = audio, Pts = i * 266, Dts = i * 266, NtpTime = ntp.AddTicks(i * 333_333), Payloads = [new byte[266]],
                    });
                    Volatile.Write(ref written, i + 1);
                    Thread.SpinWait(100); // spreads the writes so the encoder is created while they go on
                }
            });
            writer.Start();
            SpinWait.SpinUntil(() => Volatile.Read(ref written) >= createAfter, TimeSpan.FromSeconds(10)).Should().BeTrue();
            var encoder = stream.GetOrAddEncoder(new RtpEncoderKey(1460));
            var reader = encoder.Packets.Subscribe(stream.ReaderOptions("first"));
            if (Volatile.Read(ref written) < total)
            {
                createdWhileWriting++;
            }

            writer.Join(TimeSpan.FromSeconds(10)).Should().BeTrue();
            var items = Drain(reader);
            reader.Dropped.Should().Be(0);
            var videoItems = items.Where(i => i.IsVideo).ToList();
            videoItems[0].IsKeyFrame.Should().BeTrue($"round {round}: the reader starts at a key frame");
            Steps(videoItems).Should().OnlyContain(d => d == VideoStep, $"round {round}: every video unit once, in order");
            Steps(items.Where(i => !i.IsVideo).ToList()).Should().OnlyContain(d => d == 266, $"round {round}: every audio unit once, in order");
            videoItems.Count.Should().BeGreaterThan(1);
        }

        createdWhileWriting.Should().BeGreaterThan(0, "some rounds create the encoder while units are being published");
    }

    private static List<RtpUnitPackets> Drain(ReaderQueue<RtpUnitPackets> reader)
    {
        var items = new List<RtpUnitPackets>();
        while (reader.Reader.TryRead(out var item))
        {
            items.Add(item);
        }

        return items;
    }

    private static IEnumerable<uint> Steps(List<RtpUnitPackets> items) =>
        items.Skip(1).Select((item, i) => unchecked(item.RtpTimestamp - items[i].RtpTimestamp));
}
