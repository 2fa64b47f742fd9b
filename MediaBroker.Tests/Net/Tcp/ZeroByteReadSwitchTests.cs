using System.Net.Sockets;
using FluentAssertions;
using MediaBroker.Net.Tcp;
using Xunit;

namespace MediaBroker.Tests.Net.Tcp;

/// <summary>
/// A connection's zero-byte read waits for data (an idle player holds no read buffer) until its protocol says the peer
/// sends continuously; then it completes at once and the pipe reader goes straight to the real read.
/// </summary>
public sealed class ZeroByteReadSwitchTests
{
    [Fact]
    public async Task ReadAsync_Empty_WaitsForDataUnlessSkipping()
    {
        var (client, server) = await LoopbackSocketPair.ConnectAsync();
        using (client)
        using (server)
        {
            var reads = new ZeroByteReadSwitch(new NetworkStream(server, ownsSocket: false));

            var waiting = reads.ReadAsync(Memory<byte>.Empty);
            waiting.IsCompleted.Should().BeFalse("nothing was sent: the zero-byte read waits for data");
            await client.SendAsync(new byte[] { 1, 2, 3 });
            (await waiting.AsTask().WaitAsync(TimeSpan.FromSeconds(10))).Should().Be(0);

            var buffer = new byte[8];
            (await reads.ReadAsync(buffer)).Should().Be(3);

            reads.SkipWaits = true;
            var skipped = reads.ReadAsync(Memory<byte>.Empty);
            skipped.IsCompletedSuccessfully.Should().BeTrue("a continuous sender's reader does not wait before its real read");
            var real = reads.ReadAsync(buffer);
            real.IsCompleted.Should().BeFalse("the real read still waits for data");
            await client.SendAsync(new byte[] { 4 });
            (await real.AsTask().WaitAsync(TimeSpan.FromSeconds(10))).Should().Be(1);
            buffer[0].Should().Be(4);
        }
    }
}
