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
}
