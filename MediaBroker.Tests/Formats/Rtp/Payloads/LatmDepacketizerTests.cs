using FluentAssertions;
using MediaBroker.Codecs;
using MediaBroker.Formats.Rtp;
using MediaBroker.Formats.Rtp.Payloads;
using Xunit;

namespace MediaBroker.Tests.Formats.Rtp.Payloads;

public sealed class LatmDepacketizerTests
{
    [Theory]
    [InlineData(1200)]
    [InlineData(100)]
    public void Push_CapturedAacInMuxElements_GivesTheAccessUnits(int maxPayload)
    {
        // Real AAC access units (from the mpeg4-generic capture), each sent as an RFC 6416 §6.1 AudioMuxElement
        // with cpresent=0: PayloadLengthInfo (255s then the rest) and the AU, cut at maxPayload, marker on the last packet.
        var aus = RtpDepacketizerCaptureTests.Depacketize("aac", new Mpeg4AudioCodec([0x11, 0x88], 48000, 1), "mpeg4-generic", out _)
            .SelectMany(u => u.Payloads).Select(p => p.ToArray()).ToList();
        var depacketizer = RtpPayloadFormats.CreateDepacketizer(new Mpeg4AudioCodec([0x11, 0x88], 48000, 1), "MP4A-LATM")!;
        var output = new List<RtpDepacketizedUnit>();
        ushort sequence = 0;

        for (var a = 0; a < aus.Count; a++)
        {
            var element = Enumerable.Repeat((byte)255, aus[a].Length / 255).Append((byte)(aus[a].Length % 255)).Concat(aus[a]).ToArray();
            for (var offset = 0; offset < element.Length; offset += maxPayload)
            {
                var last = offset + maxPayload >= element.Length;
                var payload = element.AsMemory(offset, Math.Min(maxPayload, element.Length - offset));
                depacketizer.Push(new RtpPacket(new RtpHeader(last, 97, sequence++, (uint)(a * 1024), 1), payload), output);
                output.Should().HaveCount(last ? a + 1 : a, "a unit completes on the marker only");
            }
        }

        depacketizer.DiscardedUnits.Should().Be(0);
        output.Select(u => u.Payloads.Single().ToArray()).Should().BeEquivalentTo(aus, o => o.WithStrictOrdering());
    }
}
