using System.Collections.Concurrent;
using FluentAssertions;
using MediaBroker.Codecs;
using MediaBroker.Core;
using MediaBroker.Forward;
using MediaBroker.Media;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace MediaBroker.Tests.Forward;

public sealed class PushSessionTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly PushBackoff Fast = new(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(40), TimeSpan.FromMinutes(1));

    private static MediaStream NewStream() =>
        new([new Track(0, new H264Codec(null, null, 1))], new PathClock(), 64, NullLogger.Instance);

    [Fact]
    public async Task Run_DestinationFailsThenAccepts_GoesErrorThenForwardingWithCumulativeBytes()
    {
        var stream = NewStream();
        var factory = new FakeFactory("fake", attempt => attempt switch
        {
            0 => async (ctx, ct) =>
            {
                ctx.AddOutboundBytes(100);
                await Task.Yield();
                throw new IOException("connection refused");
            },
            _ => async (ctx, ct) =>
            {
                ctx.AddOutboundBytes(50);
                ctx.SetSending();
                await Task.Delay(System.Threading.Timeout.Infinite, ct);
            },
        });
        var session = new PushSession("cam", stream, new StreamPushTarget("fake://dest/x"), [factory], [], NullLogger.Instance, Fast);
        session.Protocol.Should().Be("fake");
        session.State.Should().Be(PushState.Idle);
        session.Start();

        await WaitFor(() => session.State == PushState.Forwarding);
        session.LastError.Should().Be("connection refused");
        session.OutboundBytes.Should().Be(150);

        await session.StopAsync("test").WaitAsync(Timeout);
        session.State.Should().Be(PushState.Idle);
        session.OutboundBytes.Should().Be(150);
    }

    [Fact]
    public async Task Run_StreamEnds_SessionEndsAndReportsEnd()
    {
        var stream = NewStream();
        var factory = new FakeFactory("fake", _ => async (ctx, ct) =>
        {
            ctx.SetSending();
            while (!ctx.Stream.IsClosed)
            {
                await Task.Delay(10, ct);
            }
        });
        var events = new RecordingEvents(url => url);
        var ended = new TaskCompletionSource();
        var session = new PushSession("cam", stream, new StreamPushTarget("fake://dest/x"), [factory], [events], NullLogger.Instance, Fast);
        session.Start(_ => ended.TrySetResult());
        await WaitFor(() => session.State == PushState.Forwarding);

        stream.Close();
        await ended.Task.WaitAsync(Timeout);
        session.State.Should().Be(PushState.Idle);
        events.Ended.Should().ContainSingle().Which.Should().Be(("cam", "fake://dest/x", (string?)null));
        factory.Attempts.Should().Be(1);
    }

    [Fact]
    public async Task Run_EventRewritesUrl_PusherGetsTheRewrittenUrl()
    {
        var stream = NewStream();
        var factory = new FakeFactory("fake", _ => async (ctx, ct) =>
        {
            ctx.SetSending();
            await Task.Delay(System.Threading.Timeout.Infinite, ct);
        });
        var events = new RecordingEvents(url => url + "?key=rewritten");
        var session = new PushSession("cam", stream, new StreamPushTarget("fake://dest/x", "AB:CD"), [factory], [events], NullLogger.Instance, Fast);
        session.Start();
        await WaitFor(() => session.State == PushState.Forwarding);
        factory.Targets.Should().ContainSingle().Which.Should().Be(new StreamPushTarget("fake://dest/x?key=rewritten", "AB:CD"));
        await session.StopAsync().WaitAsync(Timeout);
        events.Ended.Should().ContainSingle().Which.Url.Should().Be("fake://dest/x?key=rewritten");
    }

    [Fact]
    public async Task Run_EventCancelsEveryAttempt_NoPusherRunsAndNoErrorIsShown()
    {
        var stream = NewStream();
        var factory = new FakeFactory("fake", _ => (ctx, ct) => Task.CompletedTask);
        var events = new RecordingEvents(_ => "");
        var session = new PushSession("cam", stream, new StreamPushTarget("fake://dest/x"), [factory], [events], NullLogger.Instance, Fast);
        session.Start();
        await WaitFor(() => events.Starting >= 3);
        factory.Attempts.Should().Be(0);
        session.State.Should().Be(PushState.Idle);
        session.LastError.Should().BeNull();
        await session.StopAsync().WaitAsync(Timeout);
        events.Ended.Should().BeEmpty();
    }

    [Fact]
    public async Task Run_NoFactoryForScheme_ErrorNamesTheScheme()
    {
        var stream = NewStream();
        var factory = new FakeFactory("fake", _ => (ctx, ct) => Task.CompletedTask);
        var session = new PushSession("cam", stream, new StreamPushTarget("whip://dest/x"), [factory], [], NullLogger.Instance, Fast);
        session.Protocol.Should().Be("whip");
        session.Start();
        await WaitFor(() => session.State == PushState.Error);
        session.LastError.Should().Be("no pusher for scheme whip");
        await session.StopAsync().WaitAsync(Timeout);
    }

    [Theory]
    [InlineData("rtmp://user:secret@host:1935/app/key?token=x", "rtmp://host:1935/app/key")]
    [InlineData("rtsp://host/a@b", "rtsp://host/a@b")]
    [InlineData("srt://host:9000?streamid=publish:x", "srt://host:9000")]
    public void Redact_RemovesCredentialsAndQuery(string url, string expected) => PushSession.Redact(url).Should().Be(expected);

    private static async Task WaitFor(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!condition())
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the condition should become true");
            await Task.Delay(10);
        }
    }

    private sealed class FakeFactory(string scheme, Func<int, Func<StreamPushContext, CancellationToken, Task>> behaviour) : IStreamPusherFactory
    {
        private int _attempts;

        public int Attempts => Volatile.Read(ref _attempts);

        public ConcurrentQueue<StreamPushTarget> Targets { get; } = new();

        public string? ProtocolOf(string url) => url.StartsWith(scheme + "://", StringComparison.Ordinal) ? scheme : null;

        public IStreamPusher Create(StreamPushTarget target)
        {
            Targets.Enqueue(target);
            return new FakePusher(behaviour(Interlocked.Increment(ref _attempts) - 1));
        }
    }

    private sealed class FakePusher(Func<StreamPushContext, CancellationToken, Task> run) : IStreamPusher
    {
        public Task RunAsync(StreamPushContext context, CancellationToken ct) => run(context, ct);
    }

    private sealed class RecordingEvents(Func<string, string> rewrite) : IPushEvents
    {
        private int _starting;

        public int Starting => Volatile.Read(ref _starting);

        public ConcurrentQueue<(string Path, string Url, string? Error)> Ended { get; } = new();

        public ValueTask<string> PushStartingAsync(string pathName, string targetUrl, CancellationToken ct)
        {
            Interlocked.Increment(ref _starting);
            return ValueTask.FromResult(rewrite(targetUrl));
        }

        public void PushEnded(string pathName, string configuredUrl, string usedUrl, string? error) => Ended.Enqueue((pathName, usedUrl, error));
    }
}
