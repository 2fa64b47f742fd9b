using System.Net.Sockets;
using FluentAssertions;
using MediaBroker.Net.Tcp;
using Xunit;

namespace MediaBroker.Tests.Net.Tcp;

public sealed class SocketPipeWriterTests
{
    [Fact]
    public async Task FlushAsync_ManySegments_PeerReceivesEveryByteInOrder()
    {
        var (client, server) = await LoopbackSocketPair.ConnectAsync();
        using (client)
        using (server)
        {
            var writer = new SocketPipeWriter(server, TimeSpan.FromSeconds(30));
            var expected = new byte[200_000];
            new Random(7).NextBytes(expected);

            // Writes of odd sizes so that segments are sealed part-full and the flush is a gather send.
            for (var offset = 0; offset < expected.Length;)
            {
                var n = Math.Min(1 + (offset % 9_000), expected.Length - offset);
                expected.AsSpan(offset, n).CopyTo(writer.GetSpan(n));
                writer.Advance(n);
                offset += n;
            }

            writer.UnflushedBytes.Should().Be(expected.Length);
            var receive = ReceiveAsync(client, expected.Length);
            await writer.FlushAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            writer.UnflushedBytes.Should().Be(0);

            (await receive.WaitAsync(TimeSpan.FromSeconds(10))).Should().Equal(expected);
            await writer.CompleteAsync();
        }
    }

    [Fact]
    public async Task FlushAsync_PeerNeverReads_CancellationFailsTheFlush()
    {
        var (client, server) = await LoopbackSocketPair.ConnectAsync();
        using (client)
        using (server)
        {
            var writer = new SocketPipeWriter(server, TimeSpan.FromSeconds(30));
            using var timeout = new CancellationTokenSource();
            var chunk = new byte[1 << 20];
            var flush = Task.Run(async () =>
            {
                // Fill the peer's receive buffer and our send buffer until a flush cannot complete.
                while (true)
                {
                    chunk.CopyTo(writer.GetSpan(chunk.Length));
                    writer.Advance(chunk.Length);
                    await writer.FlushAsync(timeout.Token);
                }
            });
            await Task.Delay(200); // let the buffers fill; the assertion does not depend on this timing
            await timeout.CancelAsync();

            var act = () => flush.WaitAsync(TimeSpan.FromSeconds(10));
            await act.Should().ThrowAsync<OperationCanceledException>();
        }
    }

    [Fact]
    public async Task FlushAsync_PeerNeverReads_WriteTimeoutFailsTheFlush()
    {
        var (client, server) = await LoopbackSocketPair.ConnectAsync();
        using (client)
        using (server)
        {
            var writer = new SocketPipeWriter(server, TimeSpan.FromMilliseconds(300));
            var chunk = new byte[1 << 20];
            var flush = Task.Run(async () =>
            {
                while (true)
                {
                    chunk.CopyTo(writer.GetSpan(chunk.Length));
                    writer.Advance(chunk.Length);
                    await writer.FlushAsync(CancellationToken.None);
                }
            });

            var act = () => flush.WaitAsync(TimeSpan.FromSeconds(20));
            (await act.Should().ThrowAsync<OperationCanceledException>()).Which.Message.Should().Be("write timeout");
        }
    }

    [Fact]
    public async Task FlushAsync_PeerClosed_ThrowsIOException()
    {
        var (client, server) = await LoopbackSocketPair.ConnectAsync();
        using (server)
        {
            client.Close(0);
            var writer = new SocketPipeWriter(server, TimeSpan.FromSeconds(30));
            var act = async () =>
            {
                for (var i = 0; i < 100; i++)
                {
                    writer.GetSpan(1000);
                    writer.Advance(1000);
                    await writer.FlushAsync();
                }
            };

            await act.Should().ThrowAsync<IOException>();
        }
    }

    private static async Task<byte[]> ReceiveAsync(Socket socket, int length)
    {
        var buffer = new byte[length];
        var received = 0;
        while (received < length)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(received), SocketFlags.None);
            if (n == 0)
            {
                break;
            }

            received += n;
        }

        return buffer[..received];
    }
}
