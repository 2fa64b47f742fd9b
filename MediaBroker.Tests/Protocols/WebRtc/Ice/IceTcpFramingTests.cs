using System.Buffers;
using FluentAssertions;
using MediaBroker.Protocols.WebRtc.Ice;
using MediaBroker.Tests.Protocols.WebRtc.Stun;
using Xunit;

namespace MediaBroker.Tests.Protocols.WebRtc.Ice;

public sealed class IceTcpFramingTests
{
    [Fact]
    public void TryReadFrame_TwoFramesSplitAtEveryOffset_ReturnsBothFrames()
    {
        var stream = Frame(StunVectors.Request).Concat(Frame(StunVectors.Ipv4Response)).ToArray();

        for (int split = 0; split <= stream.Length; split++)
        {
            var frames = new List<byte[]>();
            var pending = new List<byte>();
            foreach (var chunk in new[] { stream[..split], stream[split..] })
            {
                pending.AddRange(chunk);
                var buffer = new ReadOnlySequence<byte>(pending.ToArray());
                while (IceTcpFraming.TryReadFrame(ref buffer, out var frame))
                {
                    frames.Add(frame.ToArray());
                }

                pending = [.. buffer.ToArray()];
            }

            frames.Should().HaveCount(2, $"split at {split}");
            frames[0].Should().Equal(StunVectors.Request);
            frames[1].Should().Equal(StunVectors.Ipv4Response);
        }
    }

    [Fact]
    public void TryReadFrame_EveryIncompletePrefix_ConsumesNothing()
    {
        var stream = Frame(StunVectors.Request);
        for (int n = 0; n < stream.Length; n++)
        {
            var buffer = new ReadOnlySequence<byte>(stream, 0, n);

            IceTcpFraming.TryReadFrame(ref buffer, out _).Should().BeFalse();
            buffer.Length.Should().Be(n);
        }
    }

    private static byte[] Frame(byte[] payload)
    {
        var framed = new byte[payload.Length + 2];
        IceTcpFraming.WritePrefix(framed, payload.Length);
        payload.CopyTo(framed, 2);
        return framed;
    }
}
