using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using FluentAssertions;
using MediaBroker.Net.Tcp;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace MediaBroker.Tests.Net.Tcp;

/// <summary>
/// A receive that had to wait completes on the runtime's socket event thread (named ".NET Sockets") when the socket
/// prefers inline completions, and on a thread-pool worker otherwise. The broker's TCP servers set it on every
/// accepted connection.
/// </summary>
public sealed class InlineSocketCompletionsTests
{
    private const string EventThreadName = ".NET Sockets";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task TryEnable_PendingReceive_CompletesOnTheEventThread()
    {
        var (client, server) = await LoopbackSocketPair.ConnectAsync();
        using (client)
        using (server)
        {
            InlineSocketCompletions.TryEnable(server).Should().BeTrue("the runtime here has the switch");
            var thread = ThreadAfterPendingReceiveAsync(server);
            await client.SendAsync(new byte[] { 1 });
            (await thread.WaitAsync(Timeout)).Should().Be(EventThreadName);
        }
    }

    [Fact]
    public async Task WithoutIt_PendingReceive_CompletesOnTheThreadPool()
    {
        var (client, server) = await LoopbackSocketPair.ConnectAsync();
        using (client)
        using (server)
        {
            var thread = ThreadAfterPendingReceiveAsync(server);
            await client.SendAsync(new byte[] { 1 });
            (await thread.WaitAsync(Timeout)).Should().NotBe(EventThreadName);
        }
    }

    [Fact]
    public async Task TcpServer_AcceptedConnection_ReadsCompleteOnTheEventThread()
    {
        var handler = new ThreadRecordingHandler();
        var server = new TcpServer(new TcpServerOptions("TEST", new IPEndPoint(IPAddress.Loopback, 0)), handler, NullLogger.Instance);
        await server.StartAsync(CancellationToken.None);
        await using (server)
        {
            using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await client.ConnectAsync(server.BoundEndPoint);

            // Under a loaded test run a read can find its byte already there and complete on the thread that
            // asked; without the switch no read ever completes on the event thread. So: up to 5 reads, one must.
            var threads = new List<string?>();
            for (var i = 0; i < 5 && !threads.Contains(EventThreadName); i++)
            {
                await handler.Reading.WaitAsync(Timeout);
                await client.SendAsync(new byte[] { 1 });
                threads.Add(await handler.Threads.Reader.ReadAsync().AsTask().WaitAsync(Timeout));
            }

            threads.Should().Contain(EventThreadName);
        }
    }

    private static async Task<string?> ThreadAfterPendingReceiveAsync(Socket socket)
    {
        var buffer = new byte[16];
        var receive = socket.ReceiveAsync(buffer);
        receive.IsCompleted.Should().BeFalse("nothing was sent yet");
        await receive.ConfigureAwait(false);
        return Thread.CurrentThread.Name;
    }

    private sealed class ThreadRecordingHandler : ITcpConnectionHandler
    {
        /// <summary>Released each time the handler has a read outstanding.</summary>
        public SemaphoreSlim Reading { get; } = new(0);

        public Channel<string?> Threads { get; } = Channel.CreateUnbounded<string?>();

        public async Task HandleAsync(TcpConnection connection, CancellationToken ct)
        {
            while (!ct.IsCancellationRequested)
            {
                var read = connection.Input.ReadAsync(ct);
                Reading.Release();
                ReadResult result = await read.ConfigureAwait(false);
                Threads.Writer.TryWrite(System.Threading.Thread.CurrentThread.Name);
                connection.Input.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    return;
                }
            }
        }
    }
}
